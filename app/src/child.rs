//! Child processes the server starts (git, tar): they die with the server, and git reads no
//! configuration but what Runway gives it.
//!
//! A template's skeleton, or a repository registered as a location, is someone else's input. Git
//! runs programs named in its configuration (`core.fsmonitor`, `core.hooksPath`, `core.sshCommand`,
//! filters, `tar.<format>.command` …), and a `.git/config` copied into a workspace, a repository's
//! own config, or the server's environment (`GIT_DIR`, `GIT_CONFIG_*`, `GIT_SSH_COMMAND`) could
//! name one. So every git Runway runs starts from an environment without `GIT_*`, without system
//! or global configuration, with the executing settings turned off on its command line.

use std::ffi::OsStr;

use tokio::process::Command;

/// Settings given to every git, overriding any repository's own: none of them may run a program.
const GIT_SETTINGS: &[&str] = &[
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.sshCommand=ssh",
    "core.askPass=",
    "core.editor=false",
    "core.pager=cat",
    "core.attributesFile=/dev/null",
    "credential.helper=",
    "commit.gpgSign=false",
    "tag.gpgSign=false",
    "diff.external=",
    "protocol.ext.allow=never",
];

/// A `git` command: no inherited `GIT_*` variable, no system or global configuration, no
/// prompts, the settings above, killed when dropped and when the server dies.
/// `credentials`, when given, is an HTTP header (`Authorization: …`) passed through the
/// environment, never on the command line (where `/proc/*/cmdline` shows it to every user).
pub fn git(credentials: Option<&str>) -> Command {
    let mut command = command("git");
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("GIT_") {
            command.env_remove(&name);
        }
    }
    command
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_ASKPASS", "true");
    if let Some(header) = credentials {
        command
            .env("GIT_CONFIG_COUNT", "1")
            .env("GIT_CONFIG_KEY_0", "http.extraHeader")
            .env("GIT_CONFIG_VALUE_0", header);
    }
    for setting in GIT_SETTINGS {
        command.args(["-c", setting]);
    }
    command
}

/// `program`, killed when its handle is dropped (a cancelled step, a request that ends) and when
/// the server itself dies (on Linux: a killed server left its git children running). Linux sends
/// that signal when the *thread* that started the child ends: start children from async code
/// (tokio's workers live as long as the runtime), never from a blocking-pool thread, which ends
/// when it has been idle a while.
pub fn command(program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    command.kill_on_drop(true);
    #[cfg(target_os = "linux")]
    // SAFETY: the closure runs in the child between fork and exec and only makes one
    // async-signal-safe system call.
    unsafe {
        command.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    command
}

/// `program` like [`command`], and besides: at most `memory_bytes` of data (heap and private
/// mappings: an allocation past it fails, and Rust aborts), `cpu_seconds` of CPU (then
/// `SIGXCPU`, and `SIGKILL` a second later), no core file and no file written. For work on
/// someone else's input that could grow without bound (a template's expressions).
pub fn limited(program: impl AsRef<OsStr>, memory_bytes: u64, cpu_seconds: u64) -> Command {
    let mut command = command(program);
    #[cfg(target_os = "linux")]
    // SAFETY: the closure runs in the child between fork and exec and only makes
    // async-signal-safe system calls (setrlimit), on values computed before the fork.
    unsafe {
        let limits = [
            (libc::RLIMIT_DATA, memory_bytes, memory_bytes),
            (libc::RLIMIT_CPU, cpu_seconds, cpu_seconds.saturating_add(1)),
            (libc::RLIMIT_CORE, 0, 0),
            (libc::RLIMIT_FSIZE, 0, 0),
        ];
        command.pre_exec(move || {
            for (resource, soft, hard) in limits {
                let limit = libc::rlimit {
                    rlim_cur: soft as libc::rlim_t,
                    rlim_max: hard as libc::rlim_t,
                };
                if libc::setrlimit(resource, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository whose own configuration names a program: git reads it, but Runway's git
    /// overrides every setting that runs one, and no `GIT_*` of the server reaches it.
    #[tokio::test]
    async fn a_repository_cannot_make_runways_git_run_a_program() {
        let dir = std::env::temp_dir().join(format!("runway-child-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let marker = dir.join("ran");
        let status = git(None)
            .args(["init", "--quiet"])
            .arg(&dir)
            .status()
            .await
            .unwrap();
        assert!(status.success());
        let hostile = format!(
            "[core]\n\tfsmonitor = \"touch {m} #\"\n\thooksPath = {d}/hooks\n",
            m = marker.display(),
            d = dir.display()
        );
        let config = dir.join(".git/config");
        let mut text = std::fs::read_to_string(&config).unwrap();
        text.push_str(&hostile);
        std::fs::write(&config, text).unwrap();
        std::fs::create_dir_all(dir.join("hooks")).unwrap();
        let hook = dir.join("hooks/pre-commit");
        std::fs::write(&hook, format!("#!/bin/sh\ntouch {}\n", marker.display())).unwrap();
        std::fs::set_permissions(&hook, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        std::fs::write(dir.join("file.txt"), "x").unwrap();
        for args in [
            &["add", "--all"][..],
            &[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "commit",
                "-q",
                "-m",
                "m",
            ],
            &["status"],
        ] {
            let out = git(None)
                .current_dir(&dir)
                .args(args)
                .output()
                .await
                .unwrap();
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        // The same repository makes a plain git run the monitor: the test would see it.
        let plain = tokio::process::Command::new("git")
            .current_dir(&dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .args(["status"])
            .output()
            .await
            .unwrap();
        assert!(plain.status.success());
        assert!(marker.exists(), "a plain git runs core.fsmonitor");
        std::fs::remove_file(&marker).unwrap();
        let out = git(None)
            .current_dir(&dir)
            .args(["status"])
            .output()
            .await
            .unwrap();
        assert!(out.status.success());
        assert!(
            !marker.exists(),
            "Runway's git ran a program the repository named"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A child outlives nothing that started it: when its starter ends without waiting for it
    /// (as a killed server does), it is killed too.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_child_dies_with_what_started_it() {
        let pid = std::thread::spawn(|| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let child = command("sleep").arg("60").spawn().unwrap();
                let pid = child.id().unwrap();
                // Dropping the handle would kill it anyway: keep it alive past the thread.
                std::mem::forget(child);
                pid
            })
        })
        .join()
        .unwrap();
        let alive = || {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .is_ok_and(|stat| stat.split(' ').nth(2).is_none_or(|state| state != "Z"))
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while alive() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(!alive(), "sleep {pid} outlived the thread that started it");
    }

    /// A token travels in the environment, not among the arguments.
    #[test]
    fn credentials_are_not_arguments() {
        let command = git(Some("Authorization: Basic c2VjcmV0"));
        let std = command.as_std();
        assert!(
            !std.get_args()
                .any(|a| a.to_string_lossy().contains("c2VjcmV0"))
        );
        assert!(std.get_envs().any(|(k, v)| k == "GIT_CONFIG_VALUE_0"
            && v.is_some_and(|v| v.to_string_lossy().contains("c2VjcmV0"))));
    }
}
