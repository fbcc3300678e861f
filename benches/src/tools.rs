//! Getting the things we compare against, untimed and cached: Bun from the npm package, native
//! `qjs` built from the QuickJS-NG source pinned by `rquickjs-sys`, and EdgeBox's own binaries.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// Pinned so that two runs of the harness compare the same Bun. Bump deliberately.
pub const BUN_VERSION: &str = "1.4.5";
const BUN_PACKAGE: &str = "@oven/bun-linux-x64";

/// Where things live during a harness run.
#[derive(Debug, Clone)]
pub struct Env {
    /// The workspace root (holds `Cargo.toml`, `target/`).
    pub workspace: PathBuf,
    /// Installed and built tools, kept between runs (`$HOME/.cache/edgebox/bench-tools`).
    pub cache_dir: PathBuf,
    /// Per-run artifacts (built `.wasm`, C executables).
    pub work_dir: PathBuf,
    /// The harness binary, which doubles as the launcher of timed processes.
    pub launcher: PathBuf,
    /// `edgeboxc` and `edgebox`, or why they are missing.
    pub edgebox_bins: Result<(PathBuf, PathBuf), String>,
    /// `git` revision of the workspace, with `-dirty` when the tree has local changes.
    pub edgebox_rev: String,
}

/// The workspace root: this crate's parent directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("benches/ has a parent")
        .to_path_buf()
}

/// The default cache: `$EDGEBOX_BENCH_CACHE`, else `$HOME/.cache/edgebox/bench-tools`.
pub fn default_cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("EDGEBOX_BENCH_CACHE") {
        return dir.into();
    }
    let home = std::env::var_os("HOME").unwrap_or_else(|| "/tmp".into());
    Path::new(&home).join(".cache/edgebox/bench-tools")
}

/// `name` looked up on `PATH`.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The first non-empty line `exe args` prints (stdout, else stderr), e.g. `v20.20.2`.
pub fn version_line(exe: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new(exe)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string)
        .ok_or_else(|| format!("{} {} printed nothing", exe.display(), args.join(" ")))
}

/// Bun's binary from the npm package, installed into the cache when missing.
pub fn ensure_bun(cache: &Path) -> Result<PathBuf> {
    let prefix = cache.join(format!("bun-{BUN_VERSION}"));
    let exe = prefix
        .join("node_modules")
        .join(BUN_PACKAGE)
        .join("bin/bun");
    if is_executable(&exe) {
        return Ok(exe);
    }
    std::fs::create_dir_all(&prefix)?;
    let npm = which("npm").context("npm is needed to install Bun and is not on PATH")?;
    eprintln!(
        "benches: installing {BUN_PACKAGE}@{BUN_VERSION} into {}",
        prefix.display()
    );
    let out = Command::new(npm)
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&prefix)
        .arg(format!("{BUN_PACKAGE}@{BUN_VERSION}"))
        .output()
        .context("running npm")?;
    if !out.status.success() {
        bail!(
            "npm install {BUN_PACKAGE} failed: {}",
            last_line(&out.stderr)
        );
    }
    if !is_executable(&exe) {
        bail!(
            "npm installed {BUN_PACKAGE} but {} is not there",
            exe.display()
        );
    }
    Ok(exe)
}

/// Native `qjs` built with CMake from the QuickJS-NG source inside the `rquickjs-sys` package
/// the workspace pins (the same release the guest embeds), cached by package version.
pub fn ensure_qjs(cache: &Path, workspace: &Path) -> Result<PathBuf> {
    let pkg = rquickjs_sys_dir(workspace)?;
    let version = pkg
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let dir = cache.join(format!("qjs-{version}"));
    let exe = dir.join("qjs");
    if is_executable(&exe) {
        return Ok(exe);
    }
    let source = pkg.join("quickjs");
    if !source.join("CMakeLists.txt").is_file() {
        bail!("{} has no CMakeLists.txt", source.display());
    }
    let build = dir.join("build");
    eprintln!("benches: building native qjs from {}", source.display());
    let mut configure = Command::new("cmake");
    configure
        .arg("-S")
        .arg(&source)
        .arg("-B")
        .arg(&build)
        .arg("-DCMAKE_BUILD_TYPE=Release");
    if which("ninja").is_some() {
        configure.args(["-G", "Ninja"]);
    }
    run(&mut configure, "cmake configure")?;
    run(
        Command::new("cmake")
            .arg("--build")
            .arg(&build)
            .args(["--target", "qjs_exe"]),
        "cmake --build",
    )?;
    std::fs::copy(build.join("qjs"), &exe).context("copying qjs out of the build dir")?;
    Ok(exe)
}

/// `…/rquickjs-sys-X.Y.Z`, found through `cargo metadata` (it is in the dependency graph).
fn rquickjs_sys_dir(workspace: &Path) -> Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(workspace)
        .args(["metadata", "--format-version", "1", "--offline"])
        .output()
        .context("running cargo metadata")?;
    if !out.status.success() {
        bail!("cargo metadata failed: {}", last_line(&out.stderr));
    }
    let meta: serde_json::Value =
        serde_json::from_slice(&out.stdout).context("parsing cargo metadata")?;
    let manifest = meta["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "rquickjs-sys")
        .and_then(|p| p["manifest_path"].as_str())
        .context("rquickjs-sys is not in the workspace's dependency graph")?;
    Ok(Path::new(manifest)
        .parent()
        .context("manifest path has no parent")?
        .to_path_buf())
}

/// Builds `edgeboxc` and `edgebox` (release) so the numbers are for the tree as it is, copies
/// them into `snapshot_dir` and returns the copies' paths. The harness's own binary sits in the
/// same target dir.
pub fn build_edgebox(
    workspace: &Path,
    build: bool,
    snapshot_dir: &Path,
) -> Result<(PathBuf, PathBuf)> {
    if build {
        eprintln!("benches: cargo build --release -p edgebox-compiler -p edgebox-runtime");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        // Inherits stderr: a cold build takes minutes and cargo's progress is the only sign of life.
        let status = Command::new(cargo)
            .current_dir(workspace)
            .args([
                "build",
                "--release",
                "-p",
                "edgebox-compiler",
                "-p",
                "edgebox-runtime",
            ])
            .status()
            .context("running cargo build")?;
        if !status.success() {
            bail!("cargo build of edgeboxc/edgebox failed (see its output above)");
        }
    }
    let bin_dir = release_dir(workspace);
    let mut out = Vec::new();
    for name in ["edgeboxc", "edgebox"] {
        let p = bin_dir.join(name);
        if !is_executable(&p) {
            bail!("{} is missing (build it, or drop --no-build)", p.display());
        }
        // The target dir may be shared: a rebuild during the run must not swap the binary
        // under half of the measurements. Every run uses this copy.
        let copy = snapshot_dir.join(name);
        std::fs::create_dir_all(snapshot_dir)?;
        let _ = std::fs::remove_file(&copy);
        std::fs::copy(&p, &copy)
            .with_context(|| format!("copying {} to {}", p.display(), copy.display()))?;
        out.push(copy);
    }
    Ok((out[0].clone(), out[1].clone()))
}

/// `target/release` of the target dir this harness was built into.
fn release_dir(workspace: &Path) -> PathBuf {
    // The harness binary is `<target>/<profile>/benches`.
    if let Some(target) = std::env::current_exe()
        .ok()
        .and_then(|e| Some(e.parent()?.parent()?.to_path_buf()))
    {
        if target.join("release").is_dir() {
            return target.join("release");
        }
    }
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(t) => PathBuf::from(t).join("release"),
        None => workspace.join("target/release"),
    }
}

/// `git rev-parse --short HEAD`, plus `-dirty` when tracked files differ from it.
pub fn git_rev(workspace: &Path) -> String {
    let rev = Command::new("git")
        .current_dir(workspace)
        .args(["rev-parse", "--short=10", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let Some(rev) = rev else {
        return "unknown (not a git checkout)".into();
    };
    let status = Command::new("git")
        .current_dir(workspace)
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output();
    match status {
        Ok(o) if o.status.success() && o.stdout.is_empty() => rev,
        Ok(o) if o.status.success() => format!("{rev}-dirty"),
        // E.g. another git process holds the index lock: say we do not know.
        _ => format!("{rev} (local changes unknown)"),
    }
}

fn run(cmd: &mut Command, what: &str) -> Result<()> {
    let out = cmd
        .output()
        .with_context(|| format!("{what}: cannot start"))?;
    if !out.status.success() {
        bail!("{what} failed: {}", last_line(&out.stderr));
    }
    Ok(())
}

fn last_line(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    s.lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("no message")
        .to_string()
}
