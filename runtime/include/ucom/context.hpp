// ucom::context: how a C++ component activates the components it depends on, through the
// IUcomContext the runtime handed its class factory. A component whose constructor takes a
// ucom::context gets one from class_factory<>; it never links to the plugins it uses.
//   explicit tokenizer(ucom::context ctx)
//       : source_(ctx.create_instance<ITextSource>("Ucom.TextSource").value()) {}
// C++17: plugins include it.
#pragma once

#include <string>
#include <utility>

#include <ucom/abi.h>
#include <ucom/com_ptr.hpp>
#include <ucom/error.hpp>
#include <ucom/guid.hpp>
#include <ucom/interface_traits.hpp>

namespace ucom {

class context {
public:
    context() = default; // no runtime: every activation fails with CO_E_NOTINITIALIZED
    explicit context(com_ptr<IUcomContext> services) : services_(std::move(services)) {}

    explicit operator bool() const noexcept { return static_cast<bool>(services_); }

    // By ProgID, version-independent ProgID or CLSID string.
    template <class I>
    result<com_ptr<I>> create_instance(const char *name) const
    {
        com_ptr<I> out;
        if (name == nullptr) {
            return tl::make_unexpected(error(E_INVALIDARG, "no class name given", "ucom::context::create_instance"));
        }
        if (!services_) {
            return not_attached(name);
        }
        const HRESULT code = services_->lpVtbl->CreateInstanceByName(services_.get(), name, &iid_of<I>, out.put_void());
        if (FAILED(code)) {
            return tl::make_unexpected(error::from_hresult(code, name));
        }
        return out;
    }

    template <class I>
    result<com_ptr<I>> create_instance(const guid &clsid) const
    {
        com_ptr<I> out;
        if (!services_) {
            return not_attached(clsid.to_string());
        }
        const HRESULT code =
            services_->lpVtbl->CreateInstance(services_.get(), &clsid.abi(), &iid_of<I>, out.put_void());
        if (FAILED(code)) {
            return tl::make_unexpected(error::from_hresult(code, clsid.to_string()));
        }
        return out;
    }

    IUcomContext *get() const noexcept { return services_.get(); }

private:
    static tl::unexpected<error> not_attached(const std::string &what)
    {
        return tl::make_unexpected(error(CO_E_NOTINITIALIZED,
                                         "this component was not created through a ucom runtime, so it cannot "
                                         "activate '" + what + "'",
                                         what));
    }

    com_ptr<IUcomContext> services_;
};

} // namespace ucom
