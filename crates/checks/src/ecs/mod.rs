//! ECS checks: privileged containers, secret-named environment variables and public addresses on
//! tasks.

pub mod ecs_service_no_public_ip;
pub mod ecs_task_definition_no_privileged_containers;
pub mod ecs_task_definition_no_secret_environment_variables;
