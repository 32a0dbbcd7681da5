//! The `runway` binary: reads the settings, sets up logging and runs the chosen command.

use std::process::ExitCode;

use clap::Parser;
use runway_server::cli::{Cli, Command, TokenCommand};
use runway_server::config::{self, Settings};
use runway_server::{observability, serve};

fn main() -> ExitCode {
    // `runway __render`: a child that evaluates one batch of a template's expressions under
    // the limits its server set (app::tasks::render), and nothing else.
    if std::env::args_os().nth(1).as_deref()
        == Some(std::ffi::OsStr::new(app::tasks::render::WORKER_ARG))
    {
        return app::tasks::render::worker_main();
    }
    let cli = Cli::parse();
    let settings = match load_settings(&cli) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("runway: {error}");
            return ExitCode::from(2);
        }
    };
    observability::init_tracing(settings.log_format, &settings.log);
    // Rendering pages nests futures deeply; 8 MiB stacks leave room in unoptimized builds too.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 << 20)
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("runway: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve), settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("runway: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn load_settings(cli: &Cli) -> Result<Settings, config::ConfigError> {
    let (path, explicit) = match &cli.config {
        Some(path) => (path.clone(), true),
        None => (config::DEFAULT_CONFIG_FILE.into(), false),
    };
    let file = config::read_file(&path, explicit)?;
    cli.settings.clone().or(file).check()
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve => serve::serve(settings).await?,
        Command::Migrate => serve::migrate(&settings).await?,
        Command::SeedDemo { seed } => {
            let summary = serve::seed_demo(&settings, seed).await?;
            println!(
                "Seeded demo data (seed {}): {} catalog entities, {} environments, {} deployments, {} commits, {} incidents",
                summary.seed,
                summary.entities,
                summary.environments,
                summary.deployments,
                summary.commits,
                summary.incidents
            );
        }
        Command::Token(TokenCommand::Create {
            user,
            name,
            expires,
        }) => {
            let secret = serve::create_token(&settings, &user, &name, expires).await?;
            println!("{secret}");
            eprintln!("This token acts as {user} until it is revoked; it is shown only now.");
        }
        Command::Import {
            paths,
            dry_run,
            partial,
        } => {
            let report = serve::import_paths(&settings, &paths, dry_run, partial).await?;
            for error in &report.errors {
                eprintln!("error: {error}");
            }
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            let verb = if report.applied {
                "Imported"
            } else if dry_run {
                "Dry run, nothing changed"
            } else {
                "Nothing imported"
            };
            println!("{verb}: {}", report.summary());
            if !report.errors.is_empty() && !report.applied && !dry_run {
                anyhow::bail!(
                    "{} problem(s); fix them or use --partial",
                    report.errors.len()
                );
            }
        }
    }
    Ok(())
}
