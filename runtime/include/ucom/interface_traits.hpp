// What C++ knows about an ABI interface struct: its IID, its base interface and the layout
// fingerprint it was generated with. Every interface header (abi.h, and ucom-idl's generated
// headers) specializes interface_traits.
// C++17: plugins include this.
#pragma once

#include <type_traits>

extern "C" {
struct _GUID;
}

namespace ucom {

// Specialized per interface: `static constexpr GUID iid`, `using base` (void for IUnknown)
// and, from ucom-idl's headers, `static constexpr unsigned long long fingerprint`,
// `contract_fingerprint` and `static constexpr unsigned contract_version`.
template <class Interface>
struct interface_traits;

template <class Interface>
inline constexpr const _GUID &iid_of = interface_traits<Interface>::iid;

// The C++ implementation glue of an interface for implementation class Derived: a static
// `vtbl` of noexcept thunks. Specialized per interface (abi_impl.hpp, and ucom-idl's
// generated implementation headers); implements<> points each interface slot at it.
template <class Interface, class Derived>
struct glue;

namespace detail {
template <class Interface, class = void>
struct is_interface : std::false_type {
};
template <class Interface>
struct is_interface<Interface, std::void_t<decltype(interface_traits<Interface>::iid)>> : std::true_type {
};
} // namespace detail

template <class Interface>
inline constexpr bool is_interface_v = detail::is_interface<Interface>::value;

namespace detail {
template <class Interface, class = void>
struct base_of {
    using type = void;
};
template <class Interface>
struct base_of<Interface, std::void_t<typename interface_traits<Interface>::base>> {
    using type = typename interface_traits<Interface>::base;
};

template <class Derived, class Base>
constexpr bool derives_from() noexcept
{
    if constexpr (std::is_same_v<Derived, Base>) {
        return true;
    } else if constexpr (std::is_void_v<typename base_of<Derived>::type>) {
        return false;
    } else {
        return derives_from<typename base_of<Derived>::type, Base>();
    }
}
} // namespace detail

// Whether interface Derived is Base or derives from it in the IDL (IFoo2 : IFoo : IUnknown),
// along the `base` chain of the traits: a Derived pointer is then a Base pointer, since a
// derived vtable begins with its base's slots.
template <class Derived, class Base>
inline constexpr bool interface_derives_from_v = detail::derives_from<Derived, Base>();

namespace detail {
template <class Interface, class = void>
struct layout_from_traits : std::integral_constant<unsigned long long, 0> {
};
template <class Interface>
struct layout_from_traits<Interface, std::void_t<decltype(interface_traits<Interface>::fingerprint)>>
    : std::integral_constant<unsigned long long, interface_traits<Interface>::fingerprint> {
};
} // namespace detail

// The layout fingerprint the caller's header gives the interface; 0 (not checked) for traits
// written by hand without one.
template <class Interface>
inline constexpr unsigned long long layout_of = detail::layout_from_traits<Interface>::value;

// What the caller's header gives of an interface's layouts, passed with each activation so
// that the runtime refuses a class built against others (docs/object-model.md, "Layout
// checks"): the layout fingerprint and the contract fingerprint with its version.
struct built_layouts {
    unsigned long long layout = 0; // 0: not checked
    unsigned contract_version = 0; // 0: no contract (a header from before contracts, or traits by hand)
    unsigned long long contract = 0;
};

namespace detail {
template <class Interface, class = void>
struct contract_from_traits {
    static constexpr unsigned version = 0;
    static constexpr unsigned long long value = 0;
};
template <class Interface>
struct contract_from_traits<Interface, std::void_t<decltype(interface_traits<Interface>::contract_fingerprint)>> {
    static constexpr unsigned version = interface_traits<Interface>::contract_version;
    static constexpr unsigned long long value = interface_traits<Interface>::contract_fingerprint;
};
} // namespace detail

template <class Interface>
inline constexpr built_layouts built_layouts_of = {layout_of<Interface>, detail::contract_from_traits<Interface>::version,
                                                   detail::contract_from_traits<Interface>::value};

} // namespace ucom
