/* The module: the class factory and the two exports, as a Windows C programmer writes them
 * (STDAPI, a static factory object). The plugin's one file that defines INITGUID, so the
 * IIDs and CLSIDs of the headers it includes are defined here. <ucom/module.h> stands for
 * the .def file: it marks the two entry points exported. */
#define INITGUID
#include <ucom/module.h>

#include "greeter.h"

static LONG module_locks;

void module_lock(void)
{
    __atomic_add_fetch(&module_locks, 1, __ATOMIC_RELAXED);
}

void module_unlock(void)
{
    __atomic_sub_fetch(&module_locks, 1, __ATOMIC_RELEASE);
}

static HRESULT STDMETHODCALLTYPE Factory_QueryInterface(IClassFactory *This, REFIID riid, void **ppv)
{
    if (ppv == NULL) {
        return E_POINTER;
    }
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IClassFactory)) {
        *ppv = This;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

/* The factory is static: its count is not kept. */
static ULONG STDMETHODCALLTYPE Factory_AddRef(IClassFactory *This)
{
    (void)This;
    return 2;
}

static ULONG STDMETHODCALLTYPE Factory_Release(IClassFactory *This)
{
    (void)This;
    return 1;
}

static HRESULT STDMETHODCALLTYPE Factory_CreateInstance(IClassFactory *This, IUnknown *outer, REFIID riid, void **ppv)
{
    (void)This;
    if (ppv == NULL) {
        return E_POINTER;
    }
    *ppv = NULL;
    if (outer != NULL) {
        return CLASS_E_NOAGGREGATION;
    }
    return Greeter_Create(riid, ppv);
}

static HRESULT STDMETHODCALLTYPE Factory_LockServer(IClassFactory *This, BOOL lock)
{
    (void)This;
    if (lock) {
        module_lock();
    } else {
        module_unlock();
    }
    return S_OK;
}

static const IClassFactoryVtbl Factory_Vtbl = {
    Factory_QueryInterface, Factory_AddRef, Factory_Release, Factory_CreateInstance, Factory_LockServer,
};

static IClassFactory factory = {&Factory_Vtbl};

STDAPI DllGetClassObject(REFCLSID rclsid, REFIID riid, LPVOID *ppv)
{
    if (ppv == NULL) {
        return E_POINTER;
    }
    *ppv = NULL;
    if (!IsEqualCLSID(rclsid, &CLSID_ClassicGreeter)) {
        return CLASS_E_CLASSNOTAVAILABLE;
    }
    return IClassFactory_QueryInterface(&factory, riid, ppv);
}

STDAPI DllCanUnloadNow(void)
{
    return __atomic_load_n(&module_locks, __ATOMIC_ACQUIRE) == 0 ? S_OK : S_FALSE;
}
