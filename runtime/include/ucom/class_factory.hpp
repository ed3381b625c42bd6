// class_factory<Product>, the factory every C++ component can use for its classes. The
// IClassFactory and IUcomWithContext glue it implements through is generated from idl/.
// A Product constructible from a ucom::context gets the context the runtime handed the
// factory; others are default-constructed. C++17: plugins include it.
#pragma once

#include <type_traits>
#include <utility>

#include <ucom/abi.h>
#include <ucom/context.hpp>
#include <ucom/implements.hpp>

#include "ucomctx_impl.hpp"
#include "unknwn_impl.hpp"

namespace ucom {

// Aggregation is not supported (CLASS_E_NOAGGREGATION).
template <class Product>
class class_factory : public implements<class_factory<Product>, IClassFactory, IUcomWithContext> {
    static constexpr bool takes_context = std::is_constructible_v<Product, context>;
    static_assert(takes_context || std::is_default_constructible_v<Product>,
                  "class_factory<Product> needs a constructor taking a ucom::context, or a default constructor");

public:
    HRESULT CreateInstance(IUnknown *outer, REFIID riid, void **ppv)
    {
        if (ppv == nullptr) {
            return E_POINTER;
        }
        *ppv = nullptr;
        if (outer != nullptr) {
            return CLASS_E_NOAGGREGATION;
        }
        if (riid == nullptr) {
            return E_INVALIDARG;
        }
        // The new object's first reference goes to the caller: no AddRef/Release pair.
        Product *object = create();
        if (void *found = object->find_interface(*riid)) {
            *ppv = found;
            return S_OK;
        }
        object->release();
        return E_NOINTERFACE;
    }

    HRESULT LockServer(BOOL lock)
    {
        if (lock != 0) {
            detail::module_lock_count.fetch_add(1, std::memory_order_relaxed);
        } else {
            detail::module_lock_count.fetch_sub(1, std::memory_order_release);
        }
        return S_OK;
    }

    // Called once by the runtime, before the factory is shared between threads.
    HRESULT SetContext(IUcomContext *services)
    {
        com_ptr<IUcomContext> held;
        held.copy_from(services);
        context_ = context(std::move(held));
        return S_OK;
    }

private:
    Product *create() const
    {
        if constexpr (takes_context) {
            return new Product(context_);
        } else {
            return new Product();
        }
    }

    context context_;
};

} // namespace ucom
