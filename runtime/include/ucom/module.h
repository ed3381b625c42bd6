/* The entry points a plugin exports, with C linkage, as COM's DLLs do. A C plugin defines
 * them itself; a C++ plugin writes UCOM_DEFINE_MODULE (ucom/module.hpp). The loader takes
 * them from the module file itself, never from a library the module links (docs/abi.md).
 * C99 and C++17. */
#ifndef UCOM_MODULE_H
#define UCOM_MODULE_H

#include <ucom/abi.h>

#define UCOM_MODULE_EXPORT __attribute__((visibility("default")))

#ifdef __cplusplus
extern "C" {
#endif

/* Required: the class factory (IClassFactory) of a class the module serves;
 * CLASS_E_CLASSNOTAVAILABLE for a CLSID it does not serve. */
UCOM_MODULE_EXPORT HRESULT DllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv);
/* Optional: S_OK when no object, factory or server lock of the module is alive, so that
 * ucom_runtime_unload_unused may unload it; S_FALSE otherwise. Without it a module is never
 * unloaded. */
UCOM_MODULE_EXPORT HRESULT DllCanUnloadNow(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* UCOM_MODULE_H */
