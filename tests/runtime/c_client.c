/* Compiled as C99 (-std=c99 -pedantic): uses objects implemented in C++ through the C
 * header's structs and macros only. */
#include "c_client.h"

#include <stddef.h>

HRESULT c_multiply(IUnknown *object, int32_t a, int32_t b, int32_t *product)
{
    ICalculator2 *calc = NULL;
    HRESULT hr = IUnknown_QueryInterface(object, &IID_ICalculator2, (void **)&calc);
    if (FAILED(hr)) {
        return hr;
    }
    hr = ICalculator2_Multiply(calc, a, b, product);
    ICalculator2_Release(calc);
    return hr;
}

HRESULT c_divide_by_zero(IUnknown *object, HRESULT *info_code, char **message)
{
    ICalculator *calc = NULL;
    int32_t quotient = 0;
    HRESULT hr = IUnknown_QueryInterface(object, &IID_ICalculator, (void **)&calc);
    if (FAILED(hr)) {
        return hr;
    }
    hr = ICalculator_Divide(calc, 1, 0, &quotient);
    ICalculator_Release(calc);
    if (FAILED(hr)) {
        ucom_take_error_info(info_code, NULL, message);
    }
    return hr;
}

HRESULT c_describe(IUnknown *object, char **text)
{
    IDescribe *describe = NULL;
    HRESULT hr = IUnknown_QueryInterface(object, &IID_IDescribe, (void **)&describe);
    if (FAILED(hr)) {
        return hr;
    }
    hr = IDescribe_Describe(describe, text);
    IDescribe_Release(describe);
    return hr;
}

int c_identity_holds(IUnknown *object)
{
    const IID *iids[4];
    IUnknown *first = NULL;
    size_t i;
    int holds = 1;
    iids[0] = &IID_IUnknown;
    iids[1] = &IID_ICalculator;
    iids[2] = &IID_ICalculator2;
    iids[3] = &IID_IDescribe;
    if (FAILED(IUnknown_QueryInterface(object, &IID_IUnknown, (void **)&first))) {
        return 0;
    }
    for (i = 0; i < sizeof iids / sizeof iids[0]; ++i) {
        IUnknown *through = NULL;
        IUnknown *identity = NULL;
        if (FAILED(IUnknown_QueryInterface(object, iids[i], (void **)&through))) {
            holds = 0;
            continue;
        }
        if (FAILED(IUnknown_QueryInterface(through, &IID_IUnknown, (void **)&identity)) || identity != first) {
            holds = 0;
        }
        if (identity != NULL) {
            IUnknown_Release(identity);
        }
        IUnknown_Release(through);
    }
    IUnknown_Release(first);
    return holds;
}

int c_miss_is_clean(IUnknown *object)
{
    void *out = object; /* anything but NULL */
    ULONG before;
    ULONG after;
    HRESULT hr;
    IUnknown_AddRef(object);
    before = IUnknown_Release(object);
    hr = IUnknown_QueryInterface(object, &IID_IClassFactory, &out);
    IUnknown_AddRef(object);
    after = IUnknown_Release(object);
    return hr == E_NOINTERFACE && out == NULL && before == after;
}

HRESULT c_fail_with_error_info(const char *message)
{
    ucom_set_error_info(E_ABORT, "c_client.c", message);
    return E_ABORT;
}

HRESULT c_create(IClassFactory *factory, IUnknown **object)
{
    return IClassFactory_CreateInstance(factory, NULL, &IID_IUnknown, (void **)object);
}
