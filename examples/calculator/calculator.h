/* Hand-written in the shape ucom-idl will generate from calculator.idl; do not extend by
 * hand: the next step replaces it with the compiler's output. C99 and C++17. */
#ifndef CALCULATOR_H
#define CALCULATOR_H

#include <ucom/abi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- ICalculator {F82A9146-DFC2-46E0-806A-38605A81A719} ---- */
#ifndef __ICalculator_INTERFACE_DEFINED__
#define __ICalculator_INTERFACE_DEFINED__

static const IID IID_ICalculator = {0xF82A9146, 0xDFC2, 0x46E0, {0x80, 0x6A, 0x38, 0x60, 0x5A, 0x81, 0xA7, 0x19}};

typedef struct ICalculator ICalculator;
typedef struct ICalculatorVtbl {
    HRESULT (*QueryInterface)(ICalculator *This, REFIID riid, void **ppvObject);
    ULONG (*AddRef)(ICalculator *This);
    ULONG (*Release)(ICalculator *This);
    /* HRESULT Add([in] long a, [in] long b, [out, retval] long *sum); */
    HRESULT (*Add)(ICalculator *This, int32_t a, int32_t b, int32_t *sum);
    /* HRESULT Divide([in] long dividend, [in] long divisor, [out, retval] long *quotient); */
    HRESULT (*Divide)(ICalculator *This, int32_t dividend, int32_t divisor, int32_t *quotient);
} ICalculatorVtbl;

struct ICalculator {
    const ICalculatorVtbl *lpVtbl;
#ifdef __cplusplus
    HRESULT QueryInterface(REFIID riid, void **ppvObject) { return lpVtbl->QueryInterface(this, riid, ppvObject); }
    ULONG AddRef() { return lpVtbl->AddRef(this); }
    ULONG Release() { return lpVtbl->Release(this); }
    HRESULT Add(int32_t a, int32_t b, int32_t *sum) { return lpVtbl->Add(this, a, b, sum); }
    HRESULT Divide(int32_t dividend, int32_t divisor, int32_t *quotient)
    {
        return lpVtbl->Divide(this, dividend, divisor, quotient);
    }
#endif
};

#define ICalculator_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define ICalculator_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define ICalculator_Release(This) ((This)->lpVtbl->Release(This))
#define ICalculator_Add(This, a, b, sum) ((This)->lpVtbl->Add(This, a, b, sum))
#define ICalculator_Divide(This, dividend, divisor, quotient) ((This)->lpVtbl->Divide(This, dividend, divisor, quotient))

#endif /* __ICalculator_INTERFACE_DEFINED__ */

/* ---- ICalculator2 {E13D5C1B-3381-4A08-AEA8-DEB7606F49A5} ---- */
#ifndef __ICalculator2_INTERFACE_DEFINED__
#define __ICalculator2_INTERFACE_DEFINED__

static const IID IID_ICalculator2 = {0xE13D5C1B, 0x3381, 0x4A08, {0xAE, 0xA8, 0xDE, 0xB7, 0x60, 0x6F, 0x49, 0xA5}};

typedef struct ICalculator2 ICalculator2;
typedef struct ICalculator2Vtbl {
    HRESULT (*QueryInterface)(ICalculator2 *This, REFIID riid, void **ppvObject);
    ULONG (*AddRef)(ICalculator2 *This);
    ULONG (*Release)(ICalculator2 *This);
    HRESULT (*Add)(ICalculator2 *This, int32_t a, int32_t b, int32_t *sum);
    HRESULT (*Divide)(ICalculator2 *This, int32_t dividend, int32_t divisor, int32_t *quotient);
    /* HRESULT Multiply([in] long a, [in] long b, [out, retval] long *product); */
    HRESULT (*Multiply)(ICalculator2 *This, int32_t a, int32_t b, int32_t *product);
} ICalculator2Vtbl;

struct ICalculator2 {
    const ICalculator2Vtbl *lpVtbl;
#ifdef __cplusplus
    HRESULT QueryInterface(REFIID riid, void **ppvObject) { return lpVtbl->QueryInterface(this, riid, ppvObject); }
    ULONG AddRef() { return lpVtbl->AddRef(this); }
    ULONG Release() { return lpVtbl->Release(this); }
    HRESULT Add(int32_t a, int32_t b, int32_t *sum) { return lpVtbl->Add(this, a, b, sum); }
    HRESULT Divide(int32_t dividend, int32_t divisor, int32_t *quotient)
    {
        return lpVtbl->Divide(this, dividend, divisor, quotient);
    }
    HRESULT Multiply(int32_t a, int32_t b, int32_t *product) { return lpVtbl->Multiply(this, a, b, product); }
#endif
};

#define ICalculator2_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define ICalculator2_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define ICalculator2_Release(This) ((This)->lpVtbl->Release(This))
#define ICalculator2_Add(This, a, b, sum) ((This)->lpVtbl->Add(This, a, b, sum))
#define ICalculator2_Divide(This, dividend, divisor, quotient) ((This)->lpVtbl->Divide(This, dividend, divisor, quotient))
#define ICalculator2_Multiply(This, a, b, product) ((This)->lpVtbl->Multiply(This, a, b, product))

#endif /* __ICalculator2_INTERFACE_DEFINED__ */

/* ---- IDescribe {41D88BD5-3BBC-4430-B12C-15869419017E} ---- */
#ifndef __IDescribe_INTERFACE_DEFINED__
#define __IDescribe_INTERFACE_DEFINED__

static const IID IID_IDescribe = {0x41D88BD5, 0x3BBC, 0x4430, {0xB1, 0x2C, 0x15, 0x86, 0x94, 0x19, 0x01, 0x7E}};

typedef struct IDescribe IDescribe;
typedef struct IDescribeVtbl {
    HRESULT (*QueryInterface)(IDescribe *This, REFIID riid, void **ppvObject);
    ULONG (*AddRef)(IDescribe *This);
    ULONG (*Release)(IDescribe *This);
    /* HRESULT Describe([out, retval, string] char **text); */
    HRESULT (*Describe)(IDescribe *This, char **text);
} IDescribeVtbl;

struct IDescribe {
    const IDescribeVtbl *lpVtbl;
#ifdef __cplusplus
    HRESULT QueryInterface(REFIID riid, void **ppvObject) { return lpVtbl->QueryInterface(this, riid, ppvObject); }
    ULONG AddRef() { return lpVtbl->AddRef(this); }
    ULONG Release() { return lpVtbl->Release(this); }
    HRESULT Describe(char **text) { return lpVtbl->Describe(this, text); }
#endif
};

#define IDescribe_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IDescribe_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IDescribe_Release(This) ((This)->lpVtbl->Release(This))
#define IDescribe_Describe(This, text) ((This)->lpVtbl->Describe(This, text))

#endif /* __IDescribe_INTERFACE_DEFINED__ */

/* ---- coclass Calculator {47E33DF5-BF12-4469-836C-2EAC6F517450} ---- */
static const CLSID CLSID_Calculator = {0x47E33DF5, 0xBF12, 0x4469, {0x83, 0x6C, 0x2E, 0xAC, 0x6F, 0x51, 0x74, 0x50}};

#ifdef __cplusplus
} /* extern "C" */

template <> struct ucom::interface_traits<ICalculator> {
    static constexpr GUID iid = {0xF82A9146, 0xDFC2, 0x46E0, {0x80, 0x6A, 0x38, 0x60, 0x5A, 0x81, 0xA7, 0x19}};
    using base = IUnknown;
};
template <> struct ucom::interface_traits<ICalculator2> {
    static constexpr GUID iid = {0xE13D5C1B, 0x3381, 0x4A08, {0xAE, 0xA8, 0xDE, 0xB7, 0x60, 0x6F, 0x49, 0xA5}};
    using base = ICalculator;
};
template <> struct ucom::interface_traits<IDescribe> {
    static constexpr GUID iid = {0x41D88BD5, 0x3BBC, 0x4430, {0xB1, 0x2C, 0x15, 0x86, 0x94, 0x19, 0x01, 0x7E}};
    using base = IUnknown;
};
#endif

#endif /* CALCULATOR_H */
