/* Sizes shared by the shell's parts and its host tests. */
#ifndef CAPOS_SHELL_LIMITS_H
#define CAPOS_SHELL_LIMITS_H

#define SHELL_LINE_MAX 1024	/* bytes of a command line (readLine maxBytes) */
#define SHELL_ARGS_MAX 16	/* words of a builtin command */
#define SHELL_GRANTS_MAX 16	/* grants of one launch: transfers per call */
#define SHELL_NAME_MAX 31	/* a CapSet name, without its NUL */
#define SHELL_BINARY_MAX 63	/* a binary name (the manifest's maxName) */
#define SHELL_ERR_MAX 160	/* one error line */

#endif
