/* A plugin whose load would leave a marker file: proof that reading what it declares runs
 * none of its code. It carries the calculator's module descriptor. */
#include <stdio.h>
#include <stdlib.h>

#include <ucom/module.h>

static void leave_marker(void) __attribute__((constructor));
static void leave_marker(void)
{
    /* A test may name its own marker, so that tests running at once do not share one. */
    const char *file = getenv("UCOM_TEST_MARKER_FILE");
    FILE *marker = fopen(file != NULL ? file : UCOM_TEST_MARKER, "w");
    if (marker != NULL) {
        fputs("the plugin's constructor ran\n", marker);
        fclose(marker);
    }
}

/* An entry point, so that it registers like any plugin; it serves no class. */
HRESULT DllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv)
{
    (void)clsid;
    (void)riid;
    if (ppv != NULL) {
        *ppv = NULL;
    }
    return CLASS_E_CLASSNOTAVAILABLE;
}
