/* The smallest musl program: ordinary C, nothing capOS-specific. The
 * example docs/programming.md starts from. */
#include <stdio.h>

int main(void)
{
	printf("hello from musl on capOS\n");
	return 0;
}
