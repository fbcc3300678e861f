/*
 * Stopping AOT code with a signal instead of suspend checks.
 *
 * WAMR stops running code (`wasm_runtime_terminate`) by setting a flag that the code polls:
 * the interpreter at branches, AOT code only if it was compiled with suspend checks, a load
 * and a branch at every function entry and loop back-edge. In QuickJS's interpreter loop that
 * poll cost 17 % of fib's time (2026-12-06). EdgeBox compiles AOT code without the checks and
 * stops it from outside instead: `Terminator::terminate` sets WAMR's flag as before and then
 * sends the running thread EDGEBOX's stop signal. The handler below leaves the AOT code the way
 * WAMR's own SIGSEGV handler leaves it after an out-of-bounds access: it longjmps to the
 * jmpbuf WAMR pushed when it entered the code, and the call returns with the "terminated"
 * exception `wasm_runtime_terminate` has already recorded.
 *
 * The jump is only taken when the interrupted instruction is inside the module's AOT code.
 * Anywhere else (a WASI call, WAMR's runtime helpers, libc) the thread may hold locks or be
 * half-way through host state, so the handler returns and the caller signals again later
 * (the runner's watchdog repeats every millisecond until the call has returned). Blocking
 * WASI calls are woken by WAMR itself (its blocking-op signal), then come back to AOT code.
 *
 * Compiled with WAMR's runtime (CMakeLists.txt), so the internal structures read here have
 * the layout of the library they belong to.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <signal.h>
#include <string.h>
#include <ucontext.h>

#include "aot_runtime.h"
#include "wasm_exec_env.h"
#include "wasm_runtime_common.h"
#include "wasm_suspend_flags.h"

/* The address of the instruction the signal interrupted. */
static uintptr_t
interrupted_pc(void *context)
{
    ucontext_t *uc = (ucontext_t *)context;
#if defined(__x86_64__)
    return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    return (uintptr_t)uc->uc_mcontext.pc;
#else
#error "edgebox_stop_signal.c: no program counter for this architecture"
#endif
}

static void
on_stop_signal(int signo, siginfo_t *info, void *context)
{
    (void)signo;
    (void)info;
    WASMExecEnv *exec_env = wasm_runtime_get_exec_env_tls();
    /* Not running wasm on this thread (any more): the call already returned. */
    if (!exec_env || exec_env->handle != os_self_thread() || !exec_env->jmpbuf_stack_top)
        return;
    /* Only a stop that was asked for; the flag is set before the signal is sent. */
    if (!(WASM_SUSPEND_FLAGS_GET(exec_env->suspend_flags) & WASM_SUSPEND_FLAG_TERMINATE))
        return;
    WASMModuleInstance *module_inst = (WASMModuleInstance *)exec_env->module_inst;
    /* The interpreter polls the flag itself. */
    if (!module_inst || module_inst->module_type != Wasm_Module_AoT)
        return;
    AOTModule *module = (AOTModule *)module_inst->module;
    uintptr_t pc = interrupted_pc(context);
    uintptr_t code = (uintptr_t)module->code;
    if (pc < code || pc - code >= module->code_size)
        return;
    os_longjmp(exec_env->jmpbuf_stack_top->jmpbuf, 1);
}

/* Installs the handler for `signo`; returns 0 on success, -1 with errno set. */
int
edgebox_wamr_install_stop_signal(int signo)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_stop_signal;
    sigemptyset(&action.sa_mask);
    /* SA_ONSTACK: the signal may land when AOT code has nearly used up the native stack (WAMR
       gives its threads an alternate signal stack). SA_NODEFER: the handler does not return
       when it jumps, so the signal must not stay blocked. SA_RESTART: a host call the signal
       interrupts carries on as if nothing happened. */
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER | SA_RESTART;
    return sigaction(signo, &action, NULL);
}
