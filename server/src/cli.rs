//! The command line: `runway [serve|migrate|seed-demo] [settings]`.

use std::path::PathBuf;

use app::demo::DEFAULT_SEED;
use clap::{Parser, Subcommand};

use crate::config::RawSettings;

/// Runway, the internal developer portal.
///
/// Every setting can be given as a flag, as a RUNWAY_* environment variable or in runway.toml
/// (keys named like the flags with underscores, e.g. database_url = "postgres://…"); a flag wins
/// over the environment, which wins over the file.
#[derive(Debug, Parser)]
#[command(name = "runway", version)]
pub struct Cli {
    /// Settings file in TOML [default: runway.toml, if present]
    #[arg(long, env = "RUNWAY_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub settings: RawSettings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Serve the portal: pages, API, live events and background work (the default)
    Serve,
    /// Apply database migrations, then exit
    Migrate,
    /// Write demo data (an organisation and 180 days of history) into an empty database, then exit
    SeedDemo {
        /// Seed of the generator: the same seed gives the same organisation and history
        #[arg(long, default_value_t = DEFAULT_SEED)]
        seed: u64,
    },
    /// API tokens for automation
    #[command(subcommand)]
    Token(TokenCommand),
    /// Import catalog descriptor files (YAML, Backstage's format) from files or directories;
    /// Location entities among them are followed. All or nothing unless --partial
    Import {
        /// Files or directories (every .yaml and .yml below them)
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Report what would change; change nothing
        #[arg(long)]
        dry_run: bool,
        /// Import the valid documents even when others are rejected
        #[arg(long)]
        partial: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum TokenCommand {
    /// Create a token that acts as a user, and print it once
    Create {
        /// The user the token acts as; it has exactly their permissions
        #[arg(long)]
        user: String,
        /// What the token is for, e.g. "deploy pipeline"
        #[arg(long)]
        name: String,
        /// Days until the token expires [default: never]
        #[arg(long)]
        expires: Option<i64>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn commands_and_flags_parse() {
        let cli =
            Cli::try_parse_from(["runway", "seed-demo", "--seed", "7", "--addr", "0.0.0.0:80"])
                .unwrap();
        assert_eq!(cli.command, Some(Command::SeedDemo { seed: 7 }));
        assert_eq!(cli.settings.addr.as_deref(), Some("0.0.0.0:80"));
        let cli = Cli::try_parse_from(["runway"]).unwrap();
        assert_eq!(cli.command, None);
        assert!(Cli::try_parse_from(["runway", "launch"]).is_err());
        let cli = Cli::try_parse_from([
            "runway",
            "token",
            "create",
            "--user",
            "ada",
            "--name",
            "ci",
            "--expires",
            "30",
        ])
        .unwrap();
        assert_eq!(
            cli.command,
            Some(Command::Token(TokenCommand::Create {
                user: "ada".into(),
                name: "ci".into(),
                expires: Some(30)
            }))
        );
    }

    #[test]
    fn help_documents_every_setting() {
        let help = Cli::command().render_long_help().to_string();
        for variable in [
            "RUNWAY_ADDR",
            "RUNWAY_DATABASE_URL",
            "RUNWAY_PUBLIC_URL",
            "RUNWAY_DEMO",
            "RUNWAY_LOG_FORMAT",
            "RUNWAY_LOG",
            "RUNWAY_SITE_ROOT",
            "RUNWAY_CONFIG",
        ] {
            assert!(help.contains(variable), "--help mentions {variable}");
        }
    }
}
