/* A library a plugin needs (DT_NEEDED): its constructor leaves a marker file, the proof
 * that the dynamic loader loaded it. */
#include <stdio.h>

static void leave_marker(void) __attribute__((constructor));
static void leave_marker(void)
{
    FILE *marker = fopen(UCOM_TEST_DEPENDENCY_MARKER, "w");
    if (marker != NULL) {
        fputs("the dependency's constructor ran\n", marker);
        fclose(marker);
    }
}

__attribute__((visibility("default"))) int ucom_test_dependency_answer(void);
int ucom_test_dependency_answer(void)
{
    return 42;
}
