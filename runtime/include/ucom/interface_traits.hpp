// What C++ knows about an ABI interface struct: its IID and its base interface. Every
// interface header (abi.h, and ucom-idl's generated headers) specializes interface_traits.
// C++17: plugins include this.
#pragma once

#include <type_traits>

extern "C" {
struct _GUID;
}

namespace ucom {

// Specialized per interface: `static constexpr GUID iid` and `using base` (void for IUnknown).
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

} // namespace ucom
