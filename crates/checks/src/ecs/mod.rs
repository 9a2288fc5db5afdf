//! ECS checks: privileged containers and public addresses on tasks.

pub mod ecs_service_no_public_ip;
pub mod ecs_task_definition_no_privileged_containers;
