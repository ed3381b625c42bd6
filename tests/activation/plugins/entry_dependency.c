/* A library that exports DllGetClassObject. A plugin that links it without defining its
 * own must be refused: dlsym on the plugin would find this one. */
#include <stddef.h>

#include <ucom/module.h>

HRESULT DllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv)
{
    (void)clsid;
    (void)riid;
    if (ppv != NULL) {
        *ppv = NULL;
    }
    return E_UNEXPECTED; /* never reached by ucom: the loader refuses the plugin first */
}

__attribute__((visibility("default"))) int ucom_test_entry_dependency_version(void);
int ucom_test_entry_dependency_version(void) { return 1; }
