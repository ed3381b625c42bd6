/* Activation, the C API: a runtime over the registry's layers that resolves a CLSID or a
 * ProgID, loads the class's module once per process (after checking the file, before any of
 * its code runs), and creates objects through the module's cached class factory. The C++
 * API (ucom/runtime.hpp) is a header-only layer over these functions. docs/object-model.md
 * describes activation; docs/registry.md the layers. C99 and C++17. */
#ifndef UCOM_RUNTIME_H
#define UCOM_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include <ucom/abi.h>
#include <ucom/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A runtime: owned by the host, any number per process, each thread-safe. Modules are a
 * process-wide resource (the dynamic loader's), so runtimes share loaded modules. */
typedef struct ucom_runtime ucom_runtime;

/* Opens a runtime over `count` registry files (lookup order, the first wins), or over the
 * default layers when count is 0 (UCOM_REGISTRY, the per-user file, the system file;
 * docs/registry.md). A malformed registry fails with its location as error info. */
UCOM_API HRESULT ucom_runtime_open(const char *const *registry_files, size_t count, ucom_runtime **runtime);
/* Releases the runtime's class factories; objects it created stay valid, modules stay
 * loaded. Components that outlive it can no longer activate through their context
 * (CO_E_NOTINITIALIZED). NULL is allowed. Not while other calls on the same runtime are
 * running. */
UCOM_API void ucom_runtime_close(ucom_runtime *runtime);

/* Creates an object of a class and returns its interface riid in *ppv (NULL on failure).
 * Failures set error info naming the class, the module file and the reason:
 * REGDB_E_CLASSNOTREG (not registered), CO_E_CLASSSTRING (neither CLSID nor ProgID),
 * CO_E_DLLNOTFOUND (the module file is missing), E_ACCESSDENIED (the file fails the load
 * checks), CO_E_ERRORINDLL (bad descriptor, fingerprint mismatch, missing entry point),
 * UCOM_E_ACTIVATION_CYCLE (the class is already being created further up this thread's
 * activation chain), or what the module's factory returned. */
UCOM_API HRESULT ucom_runtime_create_instance(ucom_runtime *runtime, REFCLSID clsid, REFIID riid, void **ppv);
/* The same by ProgID, version-independent ProgID or CLSID string. */
UCOM_API HRESULT ucom_runtime_create_instance_by_name(ucom_runtime *runtime, const char *name, REFIID riid,
                                                      void **ppv);

/* The same, checked against the caller's build: `layout` is the layout fingerprint of riid in
 * the header the caller was compiled with (IFoo_LAYOUT_FINGERPRINT). When the class's module
 * registered riid with another fingerprint, nothing is loaded and the call fails with
 * UCOM_E_LAYOUT_MISMATCH, naming the interface, both fingerprints, the module and what to do.
 * 0 checks nothing. The unchecked functions above are these with 0; the C++ API
 * (ucom::runtime::create_instance<I>) always passes I's fingerprint. */
UCOM_API HRESULT ucom_runtime_create_instance_checked(ucom_runtime *runtime, REFCLSID clsid, REFIID riid,
                                                      uint64_t layout, void **ppv);
UCOM_API HRESULT ucom_runtime_create_instance_by_name_checked(ucom_runtime *runtime, const char *name, REFIID riid,
                                                              uint64_t layout, void **ppv);

/* The same, checked also against the caller's contract: what the header says about how much
 * memory crosses and what it holds (size_is, length_is, string, iid_is, switch_is, pointer
 * kinds, union cases), which the layout fingerprint leaves out. `contract` is the layout
 * `contract_version` fingerprint of riid in the caller's header; a class whose module
 * registered riid with another contract of that version is refused with
 * UCOM_E_LAYOUT_MISMATCH. A module built before contracts (descriptor 1.2), or a contract
 * version this runtime does not know, is checked for the layout only. The generated header's
 * IFoo_CONTRACT gives all three values:
 *   ucom_runtime_create_instance_with_contract(rt, &CLSID_Foo, &IID_IFoo, IFoo_CONTRACT, (void **)&foo);
 * The C++ API (ucom::runtime::create_instance<I>) always passes I's. */
UCOM_API HRESULT ucom_runtime_create_instance_with_contract(ucom_runtime *runtime, REFCLSID clsid, REFIID riid,
                                                            uint64_t layout, uint32_t contract_version,
                                                            uint64_t contract, void **ppv);
UCOM_API HRESULT ucom_runtime_create_instance_by_name_with_contract(ucom_runtime *runtime, const char *name,
                                                                    REFIID riid, uint64_t layout,
                                                                    uint32_t contract_version, uint64_t contract,
                                                                    void **ppv);

/* Drops the runtime's cached class factories and unloads (dlclose) every module that no
 * runtime holds a factory of and whose DllCanUnloadNow returns S_OK: at once when the module
 * unloads exactly (UCOM_UNLOAD_PROTOCOL_EXACT, ucom/module.h: every C++ module built with
 * UCOM_DEFINE_MODULE), any other module only once DllCanUnloadNow has said S_OK, with no
 * activation of the module in between, since a sweep at least the unload delay ago. Returns
 * how many modules were unloaded. Classes activate again later as on first use. Called from
 * inside an activation of the same runtime (a component's constructor), it retires nothing. */
UCOM_API size_t ucom_runtime_unload_unused(ucom_runtime *runtime);

/* The unload delay of ucom_runtime_unload_unused for modules that do not unload exactly,
 * like COM's CoFreeUnusedLibrariesEx: the time a thread may need to return from such a
 * module's last Release. 0 unloads them at the first sweep that finds them idle (tests,
 * benchmarks). Default: UCOM_DEFAULT_UNLOAD_DELAY_MS, ten minutes, as COM's. */
#define UCOM_DEFAULT_UNLOAD_DELAY_MS 600000u
UCOM_API void ucom_runtime_set_unload_delay(ucom_runtime *runtime, uint32_t milliseconds);

/* ---- Tracing: what activation did and why (`ucom query --trace`). ---- */

typedef struct ucom_activation_event {
    size_t size;               /* sizeof(ucom_activation_event) of the runtime */
    unsigned depth;            /* 0 for an activation by the host, 1 + the requester's otherwise */
    GUID clsid;
    const char *name;          /* what was asked for: a ProgID or the CLSID's string */
    const char *requested_by;  /* "host" or the ProgID/CLSID of the component that asked */
    const char *registry_file; /* the layer that resolved the class ("" when not resolved) */
    const char *registry_layer; /* "--registry", "UCOM_REGISTRY", "user", "system" or "" */
    const char *module_file;   /* absolute path ("" when not resolved) */
    int module_loaded_now;     /* 1: this activation loaded the module; 0: it was already mapped */
    int factory_cached;        /* 1: the class factory came from the runtime's cache */
    uint64_t nanoseconds;      /* the activation's wall time, nested activations included */
    HRESULT result;
} ucom_activation_event;

typedef void (*ucom_trace_callback)(const ucom_activation_event *event, void *context);

/* Calls `callback` after every activation through this runtime (host's and components'),
 * nested ones first, on the activating thread. NULL stops tracing; a callback already
 * running on another thread still finishes, so keep `context` alive until the activations
 * in flight have returned. Tracing slows activation. */
UCOM_API void ucom_runtime_set_trace(ucom_runtime *runtime, ucom_trace_callback callback, void *context);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* UCOM_RUNTIME_H */
