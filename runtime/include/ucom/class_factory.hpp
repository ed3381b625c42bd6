// The implementation glue of IClassFactory (what ucom-idl will generate for it) and
// class_factory<Product>, the factory every C++ component can use for its classes.
// C++17: plugins include it.
#pragma once

#include <type_traits>

#include <ucom/abi.h>
#include <ucom/implements.hpp>

namespace ucom {

template <class Derived>
struct glue<IClassFactory, Derived> {
    template <class Self>
    static HRESULT CreateInstance(Self *This, IUnknown *pUnkOuter, REFIID riid, void **ppvObject) noexcept
    {
        if (ppvObject != nullptr) {
            *ppvObject = nullptr; // an [out] pointer is null on every failure, exceptions included
        }
        return detail::invoke<Derived>(This,
                                       [&](Derived &self) { return self.CreateInstance(pUnkOuter, riid, ppvObject); });
    }
    template <class Self>
    static HRESULT LockServer(Self *This, BOOL fLock) noexcept
    {
        return detail::invoke<Derived>(This, [&](Derived &self) { return self.LockServer(fLock); });
    }

    using unknown = glue<IUnknown, Derived>;
    static constexpr IClassFactoryVtbl vtbl = {
        &unknown::template QueryInterface<IClassFactory>,
        &unknown::template AddRef<IClassFactory>,
        &unknown::template Release<IClassFactory>,
        &CreateInstance<IClassFactory>,
        &LockServer<IClassFactory>,
    };
};

// Creates default-constructed Products. Aggregation is not supported (CLASS_E_NOAGGREGATION).
template <class Product>
class class_factory : public implements<class_factory<Product>, IClassFactory> {
    static_assert(std::is_default_constructible_v<Product>, "class_factory<Product> needs a default constructor");

public:
    HRESULT CreateInstance(IUnknown *outer, REFIID riid, void **ppv)
    {
        if (ppv == nullptr) {
            return E_POINTER;
        }
        if (outer != nullptr) {
            return CLASS_E_NOAGGREGATION;
        }
        const auto object = make<Product>();
        return detail::unknown_of(object.get())->QueryInterface(riid, ppv);
    }

    // Modules are never unloaded while the process runs (see docs/object-model.md), so
    // there is nothing to lock yet.
    HRESULT LockServer(BOOL /*lock*/) { return S_OK; }
};

} // namespace ucom
