// Contexts: the IUcomContext a class's factory gets (IUcomWithContext::SetContext), through
// which the components it creates activate the components they depend on.
#include <memory>
#include <utility>

#include <ucom/implements.hpp>

#include "registration_check.hpp"
#include "runtime_core.hpp"
#include "ucomctx_impl.hpp"

namespace ucom::activation {
namespace {

// Activations through it run in the runtime that created the factory, and name that class
// as their requester. It keeps the runtime's core alive while a component holds it.
class runtime_context : public implements<runtime_context, IUcomContext3> {
public:
    runtime_context(std::shared_ptr<runtime_core> core, const class_slot &requester)
        : core_(std::move(core)), requester_(requester)
    {
    }

    HRESULT CreateInstance(REFCLSID clsid, REFIID riid, void **ppv)
    {
        return CreateInstanceWithContract(clsid, riid, 0, 0, 0, ppv);
    }

    HRESULT CreateInstanceByName(const char *name, REFIID riid, void **ppv)
    {
        return CreateInstanceByNameWithContract(name, riid, 0, 0, 0, ppv);
    }

    HRESULT CreateInstanceChecked(REFCLSID clsid, REFIID riid, ULONGLONG layout, void **ppv)
    {
        return CreateInstanceWithContract(clsid, riid, layout, 0, 0, ppv);
    }

    HRESULT CreateInstanceByNameChecked(const char *name, REFIID riid, ULONGLONG layout, void **ppv)
    {
        return CreateInstanceByNameWithContract(name, riid, layout, 0, 0, ppv);
    }

    HRESULT CreateInstanceWithContract(REFCLSID clsid, REFIID riid, ULONGLONG layout, ULONG contract_version,
                                       ULONGLONG contract, void **ppv)
    {
        if (ppv == nullptr) {
            return E_POINTER;
        }
        *ppv = nullptr;
        if (clsid == nullptr || riid == nullptr) {
            return E_INVALIDARG;
        }
        return core_->create_by_clsid(*clsid, riid, ppv, &requester_,
                                      caller_layouts(layout, contract_version, contract));
    }

    HRESULT CreateInstanceByNameWithContract(const char *name, REFIID riid, ULONGLONG layout, ULONG contract_version,
                                             ULONGLONG contract, void **ppv)
    {
        if (ppv == nullptr) {
            return E_POINTER;
        }
        *ppv = nullptr;
        if (name == nullptr || riid == nullptr) {
            return E_INVALIDARG;
        }
        return core_->create_by_name(name, riid, ppv, &requester_, caller_layouts(layout, contract_version, contract));
    }

private:
    std::shared_ptr<runtime_core> core_;
    const class_slot &requester_;
};

} // namespace

com_ptr<IUcomContext> runtime_core::make_context(const class_slot &slot)
{
    return make<runtime_context>(shared_from_this(), slot).try_as<IUcomContext>();
}

} // namespace ucom::activation
