//! ecs checks.
