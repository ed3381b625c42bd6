/* A library a plugin needs (DT_NEEDED): its constructor leaves a marker file, the proof
 * that the dynamic loader loaded it. */
#include <stdio.h>
#include <stdlib.h>

static void leave_marker(void) __attribute__((constructor));
static void leave_marker(void)
{
    const char *file = getenv("UCOM_TEST_MARKER_FILE"); /* a test's own marker */
    FILE *marker = fopen(file != NULL ? file : UCOM_TEST_DEPENDENCY_MARKER, "w");
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
