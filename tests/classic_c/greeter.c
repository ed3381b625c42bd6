/* The greeter object, in C99 as a Windows C programmer writes a COM object: a vtable struct
 * filled with STDMETHODCALLTYPE functions, IsEqualIID in QueryInterface, CoTaskMemAlloc for
 * an [out, string]. Nothing in this file is ucom's own; greeter.h is the object's factory
 * interface to module.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ucom/ucom.h> /* CoTaskMemAlloc, as <objbase.h> on Windows */

#include "greeter.h"

typedef struct Greeter {
    IGreeter2 iface; /* first: an IGreeter2 * is a Greeter * */
    LONG refs;
    LONG greetings;
} Greeter;

static Greeter *impl_from_IGreeter2(IGreeter2 *iface)
{
    return (Greeter *)iface;
}

static HRESULT STDMETHODCALLTYPE Greeter_QueryInterface(IGreeter2 *This, REFIID riid, void **ppv)
{
    if (ppv == NULL) {
        return E_POINTER;
    }
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IGreeter) || IsEqualIID(riid, &IID_IGreeter2)) {
        *ppv = This;
        IGreeter2_AddRef(This);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE Greeter_AddRef(IGreeter2 *This)
{
    return (ULONG)__atomic_add_fetch(&impl_from_IGreeter2(This)->refs, 1, __ATOMIC_RELAXED);
}

static ULONG STDMETHODCALLTYPE Greeter_Release(IGreeter2 *This)
{
    Greeter *greeter = impl_from_IGreeter2(This);
    LONG refs = __atomic_sub_fetch(&greeter->refs, 1, __ATOMIC_ACQ_REL);
    if (refs == 0) {
        free(greeter);
        module_unlock();
    }
    return (ULONG)refs;
}

static HRESULT STDMETHODCALLTYPE Greeter_Greet(IGreeter2 *This, const char *name, char **greeting)
{
    size_t size;
    if (name == NULL || greeting == NULL) {
        return E_POINTER;
    }
    size = strlen("hello, ") + strlen(name) + 1;
    *greeting = (char *)CoTaskMemAlloc(size);
    if (*greeting == NULL) {
        return E_OUTOFMEMORY;
    }
    snprintf(*greeting, size, "hello, %s", name);
    __atomic_add_fetch(&impl_from_IGreeter2(This)->greetings, 1, __ATOMIC_RELAXED);
    return S_OK;
}

static STDMETHODIMP Greeter_Count(IGreeter2 *This, LONG *count)
{
    if (count == NULL) {
        return E_POINTER;
    }
    *count = __atomic_load_n(&impl_from_IGreeter2(This)->greetings, __ATOMIC_RELAXED);
    return S_OK;
}

static const IGreeter2Vtbl Greeter_Vtbl = {
    Greeter_QueryInterface,
    Greeter_AddRef,
    Greeter_Release,
    Greeter_Greet,
    Greeter_Count,
};

HRESULT Greeter_Create(REFIID riid, void **ppv)
{
    HRESULT hr;
    Greeter *greeter = (Greeter *)malloc(sizeof(Greeter));
    if (greeter == NULL) {
        return E_OUTOFMEMORY;
    }
    greeter->iface.lpVtbl = &Greeter_Vtbl;
    greeter->refs = 1;
    greeter->greetings = 0;
    module_lock();
    hr = IGreeter2_QueryInterface(&greeter->iface, riid, ppv);
    IGreeter2_Release(&greeter->iface);
    return hr;
}
