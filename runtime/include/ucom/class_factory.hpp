// class_factory<Product>, the factory every C++ component can use for its classes. The
// IClassFactory glue it implements through is generated from idl/unknwn.idl.
// C++17: plugins include it.
#pragma once

#include <type_traits>

#include <ucom/abi.h>
#include <ucom/implements.hpp>

#include "unknwn_impl.hpp"

namespace ucom {

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
