// The one implementation of create_instance, shared by ucom::runtime (a host activating
// through the C API) and ucom::context (a component activating through IUcomContext): by
// CLSID, or by name (ProgID, version-independent ProgID or CLSID string) as a C string or a
// std::string. C++17: plugins include it.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include <ucom/com_ptr.hpp>
#include <ucom/error.hpp>
#include <ucom/guid.hpp>
#include <ucom/interface_traits.hpp>

namespace ucom {
namespace detail {

// Wraps the outcome of a C activation call that filled `out`. `origin` names what was
// activated when the callee left no error info.
template <class I>
result<com_ptr<I>> activation_result(HRESULT code, com_ptr<I> &&out, std::string origin)
{
    if (FAILED(code)) {
        return tl::make_unexpected(error::from_hresult(code, std::move(origin)));
    }
    return std::move(out);
}

// The create_instance overloads for a class `Derived` that can activate. Derived gives this
// base (a friend) these members:
//   HRESULT activate(const GUID &clsid, const IID &iid, const built_layouts &layouts, void **out) const;
//   HRESULT activate(const char *name, const IID &iid, const built_layouts &layouts, void **out) const;
// where `layouts` are I's in the caller's header (built_layouts_of<I>; zero: none to check);
//   bool available() const;                       // whether it can activate at all
//   error unavailable(const std::string &what) const; // why not, for `what`
template <class Derived>
class activator {
public:
    template <class I>
    result<com_ptr<I>> create_instance(const guid &clsid) const
    {
        return create<I>(clsid.abi());
    }

    // By ProgID, version-independent ProgID or CLSID string.
    template <class I>
    result<com_ptr<I>> create_instance(const char *name) const
    {
        if (name == nullptr) {
            return tl::make_unexpected(error(E_INVALIDARG, "no class name given", "create_instance"));
        }
        return create<I>(name);
    }

    template <class I>
    result<com_ptr<I>> create_instance(const std::string &name) const
    {
        return create_instance<I>(name.c_str());
    }

protected:
    activator() = default;

private:
    // The name of what is activated is spelled only for an error: formatting a CLSID on every
    // activation cost as much as the rest of a warm one (docs/performance.md).
    template <class I, class Key>
    result<com_ptr<I>> create(const Key &key) const
    {
        const auto &self = static_cast<const Derived &>(*this);
        if (!self.available()) {
            return tl::make_unexpected(self.unavailable(name_of(key)));
        }
        com_ptr<I> out;
        const HRESULT code = self.activate(key, iid_of<I>, ucom::built_layouts_of<I>, out.put_void());
        return activation_result(code, std::move(out), FAILED(code) ? name_of(key) : std::string());
    }

    static std::string name_of(const GUID &clsid) { return guid(clsid).to_string(); }
    static std::string name_of(const char *name) { return name; }
};

} // namespace detail
} // namespace ucom
