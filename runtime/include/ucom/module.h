/* The entry points a plugin exports, with C linkage, as COM's DLLs do. A C plugin defines
 * them itself; a C++ plugin writes UCOM_DEFINE_MODULE (ucom/module.hpp). The loader takes
 * them from the module file itself, never from a library the module links (docs/abi.md).
 * C99 and C++17. */
#ifndef UCOM_MODULE_H
#define UCOM_MODULE_H

#include <stddef.h>
#include <stdint.h>

#include <ucom/abi.h>
#include <ucom/export.h>

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

/* ---- Exact unloading (docs/abi.md, "Exact unloading") ----
 * A thread returning from Release still runs the module's code after it dropped its
 * reference, so unload_unused could unmap that code under it once another thread dropped
 * the last one. The cure: the Release slot of every vtable of the object is libucom's
 * ucom_object_release, and a ucom_release_record sits in memory immediately before each
 * vtable. ucom_object_release drops the reference itself, so a Release that is not the
 * last runs no code of the module; the last one calls the record's `destroy` (module code,
 * which returns) and only then drops the module's count of live objects, as its last touch
 * of the module. implements<> and UCOM_DEFINE_MODULE do all of this. */
typedef struct ucom_release_record {
    /* Destroys the object whose interface pointer is This (its count has reached 0). It
     * leaves the module's count of live objects alone. */
    void (*destroy)(void *This);
    /* The module's count of live objects that DllCanUnloadNow reads: a lock-free atomic
     * long, which ucom_object_release decrements (release order) after `destroy`. */
    void *live_objects;
    /* Where the object's reference count is, in bytes from This: a lock-free atomic ULONG. */
    ptrdiff_t refcount_offset;
} ucom_release_record;

/* The Release slot of such vtables (cast to the slot's type). */
UCOM_API ULONG ucom_object_release(void *This);

/* Optional: the module's unloading protocol, asked by every sweep that finds the module
 * idle. Return UCOM_UNLOAD_PROTOCOL_EXACT only when every object DllCanUnloadNow has counted
 * released through ucom_object_release: unload_unused may then unload the module as soon as
 * DllCanUnloadNow says S_OK. Any other module is unloaded only once DllCanUnloadNow has said S_OK for the
 * runtime's unload delay (ucom_runtime_set_unload_delay), as COM's CoFreeUnusedLibrariesEx
 * does. */
#define UCOM_UNLOAD_PROTOCOL_DELAYED 0u
#define UCOM_UNLOAD_PROTOCOL_EXACT 1u
UCOM_MODULE_EXPORT uint32_t ucom_module_unload_protocol(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* UCOM_MODULE_H */
