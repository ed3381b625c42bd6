// ucom::context: how a C++ component activates the components it depends on, through the
// IUcomContext the runtime handed its class factory. A component whose constructor takes a
// ucom::context gets one from class_factory<>; it never links to the plugins it uses.
//   explicit tokenizer(ucom::context ctx)
//       : source_(ctx.create_instance<ITextSource>("Ucom.TextSource").value()) {}
// C++17: plugins include it.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include <ucom/abi.h>
#include <ucom/com_ptr.hpp>
#include <ucom/detail/activator.hpp>
#include <ucom/error.hpp>

namespace ucom {

// create_instance<I>(clsid or name) comes from detail::activator.
class context : public detail::activator<context> {
public:
    context() = default; // no runtime: every activation fails with CO_E_NOTINITIALIZED
    explicit context(com_ptr<IUcomContext> services) : services_(std::move(services))
    {
        // An older runtime answers IUcomContext2 only (then contracts are not checked), or
        // neither (then activations are unchecked). The IIDs are the traits' own copies, not
        // libucom's IID_ objects: a plugin built now still loads into an older libucom.
        if (services_ && FAILED(services_->lpVtbl->QueryInterface(services_.get(), &iid_of<IUcomContext3>,
                                                                  contracts_.put_void()))) {
            contracts_.reset();
            if (FAILED(services_->lpVtbl->QueryInterface(services_.get(), &iid_of<IUcomContext2>,
                                                         checked_.put_void()))) {
                checked_.reset();
            }
        }
    }

    explicit operator bool() const noexcept { return static_cast<bool>(services_); }

    IUcomContext *get() const noexcept { return services_.get(); }

private:
    friend class detail::activator<context>;

    // Checked against the layouts this component was built with as far as the runtime can
    // (docs/object-model.md, "Layout checks").
    HRESULT activate(const GUID &clsid, const IID &iid, const built_layouts &layouts, void **out) const
    {
        if (contracts_) {
            return contracts_->lpVtbl->CreateInstanceWithContract(contracts_.get(), &clsid, &iid, layouts.layout,
                                                                  layouts.contract_version, layouts.contract, out);
        }
        if (checked_) {
            return checked_->lpVtbl->CreateInstanceChecked(checked_.get(), &clsid, &iid, layouts.layout, out);
        }
        return services_->lpVtbl->CreateInstance(services_.get(), &clsid, &iid, out);
    }
    HRESULT activate(const char *name, const IID &iid, const built_layouts &layouts, void **out) const
    {
        if (contracts_) {
            return contracts_->lpVtbl->CreateInstanceByNameWithContract(contracts_.get(), name, &iid, layouts.layout,
                                                                        layouts.contract_version, layouts.contract,
                                                                        out);
        }
        if (checked_) {
            return checked_->lpVtbl->CreateInstanceByNameChecked(checked_.get(), name, &iid, layouts.layout, out);
        }
        return services_->lpVtbl->CreateInstanceByName(services_.get(), name, &iid, out);
    }
    bool available() const noexcept { return static_cast<bool>(services_); }
    static error unavailable(const std::string &what)
    {
        return error(CO_E_NOTINITIALIZED,
                     "this component was not created through a ucom runtime, so it cannot activate '" + what + "'",
                     what);
    }

    com_ptr<IUcomContext> services_;
    com_ptr<IUcomContext3> contracts_;
    com_ptr<IUcomContext2> checked_; // only when contracts_ is null
};

} // namespace ucom
