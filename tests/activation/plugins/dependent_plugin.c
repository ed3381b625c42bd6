/* A plugin that needs a library found through its RUNPATH ($ORIGIN/deps, then
 * $ORIGIN/libs). It carries the calculator's module descriptor and serves no class. */
#include <stddef.h>

#include <ucom/module.h>

int ucom_test_dependency_answer(void);

HRESULT DllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv)
{
    (void)clsid;
    (void)riid;
    if (ppv != NULL) {
        *ppv = NULL;
    }
    return ucom_test_dependency_answer() == 42 ? CLASS_E_CLASSNOTAVAILABLE : E_FAIL;
}
