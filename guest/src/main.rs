//! The EdgeBox guest: QuickJS-NG with Node-style globals, compiled to wasm32-wasip1.
//!
//! Start-up has two halves. Loading (`init`): create the QuickJS runtime and context, install
//! the polyfills, read the app image that `edgeboxc` embedded (see `edgebox-abi`); `edgeboxc`
//! can run this half at build time and snapshot it (the `wizer-initialize` export). Running
//! (`run`): hand over this run's arguments, environment, clock and random seed, evaluate the
//! app, then run the event loop (promise jobs and timers) until nothing is left. Everything the guest can touch goes through WASI
//! calls answered by the host; the guest gets no preopened directories.

#[cfg(target_os = "wasi")]
mod app;
#[cfg(target_os = "wasi")]
mod event_loop;
#[cfg(target_os = "wasi")]
mod exit_code;
#[cfg(target_os = "wasi")]
mod init;
#[cfg(target_os = "wasi")]
mod limits;
#[cfg(target_os = "wasi")]
mod native;
#[cfg(target_os = "wasi")]
mod output;
#[cfg(target_os = "wasi")]
mod polyfills;
#[cfg(target_os = "wasi")]
mod qjs;
#[cfg(target_os = "wasi")]
mod run;
#[cfg(target_os = "wasi")]
mod sys;

#[cfg(target_os = "wasi")]
fn main() {
    let code = run::run();
    std::process::exit(code);
}

#[cfg(not(target_os = "wasi"))]
fn main() {
    eprintln!("edgebox-guest only runs as wasm32-wasip1; it is built by edgeboxc's build script");
    std::process::exit(2);
}
