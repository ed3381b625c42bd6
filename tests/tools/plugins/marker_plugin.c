/* A plugin whose load would leave a marker file: proof that reading what it declares runs
 * none of its code. It carries the calculator's module descriptor. */
#include <stdio.h>

static void leave_marker(void) __attribute__((constructor));
static void leave_marker(void)
{
    FILE *marker = fopen(UCOM_TEST_MARKER, "w");
    if (marker != NULL) {
        fputs("the plugin's constructor ran\n", marker);
        fclose(marker);
    }
}
