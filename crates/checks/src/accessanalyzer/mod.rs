//! accessanalyzer checks.
