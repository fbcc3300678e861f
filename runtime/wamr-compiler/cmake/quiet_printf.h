/* Force-included into the compiler-mode WAMR build; see quiet_printf.c. */
#include <stdarg.h>
int edgebox_wamrc_vprintf(const char *format, va_list ap);
