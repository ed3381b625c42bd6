/* ucom's base ABI: the types every plugin and host share (GUID, HRESULT, IUnknown,
 * IClassFactory), laid out exactly as COM lays them out. Hand-written until ucom-idl
 * generates it from idl/unknwn.idl; everything includes it through this one name.
 * Compiles as C99 and as C++17. */
#ifndef UCOM_ABI_H
#define UCOM_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Base types with COM's sizes, whatever the host's `long` is. ---- */
typedef int32_t HRESULT;
typedef uint32_t ULONG;
typedef int32_t LONG;
typedef uint32_t DWORD;
typedef uint16_t WORD;
typedef uint8_t BYTE;
typedef int32_t BOOL;

#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
} GUID;
#endif
typedef GUID IID;
typedef GUID CLSID;
/* Always a pointer, in C and in C++ (unlike Windows' headers, which use a C++ reference):
 * the same machine code either way, and a callee can reject a null one. */
typedef const IID *REFIID;
typedef const CLSID *REFCLSID;
typedef const GUID *REFGUID;

/* ---- Result codes: COM's values. ---- */
#ifdef __cplusplus
#define UCOM_HRESULT_TYPEDEF(value) static_cast<HRESULT>(value) /* clean under -Wold-style-cast */
#else
#define UCOM_HRESULT_TYPEDEF(value) ((HRESULT)(value))
#endif
#define SUCCEEDED(hr) (UCOM_HRESULT_TYPEDEF(hr) >= 0)
#define FAILED(hr) (UCOM_HRESULT_TYPEDEF(hr) < 0)

#define S_OK UCOM_HRESULT_TYPEDEF(0)
#define S_FALSE UCOM_HRESULT_TYPEDEF(1)
#define E_NOTIMPL UCOM_HRESULT_TYPEDEF(0x80004001)
#define E_NOINTERFACE UCOM_HRESULT_TYPEDEF(0x80004002)
#define E_POINTER UCOM_HRESULT_TYPEDEF(0x80004003)
#define E_ABORT UCOM_HRESULT_TYPEDEF(0x80004004)
#define E_FAIL UCOM_HRESULT_TYPEDEF(0x80004005)
#define E_UNEXPECTED UCOM_HRESULT_TYPEDEF(0x8000FFFF)
#define E_ACCESSDENIED UCOM_HRESULT_TYPEDEF(0x80070005)
#define E_HANDLE UCOM_HRESULT_TYPEDEF(0x80070006)
#define E_OUTOFMEMORY UCOM_HRESULT_TYPEDEF(0x8007000E)
#define E_INVALIDARG UCOM_HRESULT_TYPEDEF(0x80070057)
#define CLASS_E_NOAGGREGATION UCOM_HRESULT_TYPEDEF(0x80040110)
#define CLASS_E_CLASSNOTAVAILABLE UCOM_HRESULT_TYPEDEF(0x80040111)
#define REGDB_E_CLASSNOTREG UCOM_HRESULT_TYPEDEF(0x80040154)
#define CO_E_NOTINITIALIZED UCOM_HRESULT_TYPEDEF(0x800401F0)
#define CO_E_DLLNOTFOUND UCOM_HRESULT_TYPEDEF(0x8004018B)
#define CO_E_ERRORINDLL UCOM_HRESULT_TYPEDEF(0x800401F9)

/* ---- IUnknown {00000000-0000-0000-C000-000000000046} ---- */
#ifndef __IUnknown_INTERFACE_DEFINED__
#define __IUnknown_INTERFACE_DEFINED__

static const IID IID_IUnknown = {0x00000000, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};

typedef struct IUnknown IUnknown;
typedef struct IUnknownVtbl {
    /* HRESULT QueryInterface([in] REFIID riid, [out, iid_is(riid)] void **ppvObject); */
    HRESULT (*QueryInterface)(IUnknown *This, REFIID riid, void **ppvObject);
    /* ULONG AddRef(); */
    ULONG (*AddRef)(IUnknown *This);
    /* ULONG Release(); */
    ULONG (*Release)(IUnknown *This);
} IUnknownVtbl;

struct IUnknown {
    const IUnknownVtbl *lpVtbl;
#ifdef __cplusplus
    HRESULT QueryInterface(REFIID riid, void **ppvObject) { return lpVtbl->QueryInterface(this, riid, ppvObject); }
    ULONG AddRef() { return lpVtbl->AddRef(this); }
    ULONG Release() { return lpVtbl->Release(this); }
#endif
};

#define IUnknown_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IUnknown_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IUnknown_Release(This) ((This)->lpVtbl->Release(This))

#endif /* __IUnknown_INTERFACE_DEFINED__ */

/* ---- IClassFactory {00000001-0000-0000-C000-000000000046} ---- */
#ifndef __IClassFactory_INTERFACE_DEFINED__
#define __IClassFactory_INTERFACE_DEFINED__

static const IID IID_IClassFactory = {0x00000001, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};

typedef struct IClassFactory IClassFactory;
typedef struct IClassFactoryVtbl {
    HRESULT (*QueryInterface)(IClassFactory *This, REFIID riid, void **ppvObject);
    ULONG (*AddRef)(IClassFactory *This);
    ULONG (*Release)(IClassFactory *This);
    /* HRESULT CreateInstance([in, unique] IUnknown *pUnkOuter, [in] REFIID riid,
     *                        [out, iid_is(riid)] void **ppvObject); */
    HRESULT (*CreateInstance)(IClassFactory *This, IUnknown *pUnkOuter, REFIID riid, void **ppvObject);
    /* HRESULT LockServer([in] BOOL fLock); */
    HRESULT (*LockServer)(IClassFactory *This, BOOL fLock);
} IClassFactoryVtbl;

struct IClassFactory {
    const IClassFactoryVtbl *lpVtbl;
#ifdef __cplusplus
    HRESULT QueryInterface(REFIID riid, void **ppvObject) { return lpVtbl->QueryInterface(this, riid, ppvObject); }
    ULONG AddRef() { return lpVtbl->AddRef(this); }
    ULONG Release() { return lpVtbl->Release(this); }
    HRESULT CreateInstance(IUnknown *pUnkOuter, REFIID riid, void **ppvObject)
    {
        return lpVtbl->CreateInstance(this, pUnkOuter, riid, ppvObject);
    }
    HRESULT LockServer(BOOL fLock) { return lpVtbl->LockServer(this, fLock); }
#endif
};

#define IClassFactory_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IClassFactory_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IClassFactory_Release(This) ((This)->lpVtbl->Release(This))
#define IClassFactory_CreateInstance(This, pUnkOuter, riid, ppvObject) \
    ((This)->lpVtbl->CreateInstance(This, pUnkOuter, riid, ppvObject))
#define IClassFactory_LockServer(This, fLock) ((This)->lpVtbl->LockServer(This, fLock))

#endif /* __IClassFactory_INTERFACE_DEFINED__ */

#ifdef __cplusplus
} /* extern "C" */

#include <ucom/interface_traits.hpp>

template <> struct ucom::interface_traits<IUnknown> {
    static constexpr GUID iid = {0x00000000, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
    using base = void;
};
template <> struct ucom::interface_traits<IClassFactory> {
    static constexpr GUID iid = {0x00000001, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
    using base = IUnknown;
};
#endif

#endif /* UCOM_ABI_H */
