/* Floods its Console with 3000 lines as fast as it can: the kernel must
 * rate-limit it (saying how many lines it dropped) and stay responsive. */
#include "user/rt/rt.h"

int main(void)
{
	for (int i = 0; i < 3000; i++)
		rt_printf("flood: line %d\n", i);
	rt_printf("flood: done\n");
	return 0;
}
