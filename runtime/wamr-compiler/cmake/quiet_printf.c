/*
 * WAMR's compiler prints a banner ("Create AoT compiler with: ...") and log lines to stdout
 * through os_printf. An embedded compiler must not write to its host's stdout: errors come
 * back through aot_get_last_error() and the load error buffer. The platform layer calls
 * BH_VPRINTF instead of vprintf when it is defined, so this swallows the output unless
 * EDGEBOX_WAMRC_VERBOSE is set, in which case it goes to stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include "quiet_printf.h"

int
edgebox_wamrc_vprintf(const char *format, va_list ap)
{
    if (getenv("EDGEBOX_WAMRC_VERBOSE") == NULL)
        return 0;
    return vfprintf(stderr, format, ap);
}
