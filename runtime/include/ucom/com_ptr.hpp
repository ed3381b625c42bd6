// com_ptr<T>: an owned reference to an ABI interface. AddRef/Release are RAII; conversions
// go through QueryInterface, except the implicit one to a base interface of the IDL
// (com_ptr<IFoo> from com_ptr<IFoo2>); equality is COM identity. C++17: plugins include it.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include <ucom/abi.h>
#include <ucom/error.hpp>
#include <ucom/interface_traits.hpp>

namespace ucom {

namespace detail {

template <class>
inline constexpr bool dependent_false = false;

// Every interface struct begins with IUnknown's three slots; this is the one place that
// views an interface pointer as its IUnknown part.
template <class T>
IUnknown *unknown_of(T *p) noexcept
{
    static_assert(is_interface_v<std::remove_cv_t<T>>, "T is not an ABI interface (no ucom::interface_traits<T>)");
    return reinterpret_cast<IUnknown *>(const_cast<std::remove_cv_t<T> *>(p));
}

// A pointer to an interface is a pointer to each of its bases in the IDL: the derived vtable
// begins with the base's slots, and the object's first word is the vtable pointer.
template <class Base, class Derived>
Base *base_interface_of(Derived *p) noexcept
{
    static_assert(interface_derives_from_v<Derived, Base>, "not a base interface");
    return reinterpret_cast<Base *>(p);
}

} // namespace detail

template <class T>
class com_ptr {
    static_assert(is_interface_v<T>, "com_ptr<T> needs an ABI interface type with ucom::interface_traits<T>");

public:
    using element_type = T;

    constexpr com_ptr() noexcept = default;
    constexpr com_ptr(std::nullptr_t) noexcept {}

    // A raw pointer does not say whether the caller's reference is handed over or borrowed,
    // and guessing wrong leaks or double-releases. Say which.
    template <class U>
    com_ptr(U *)
    {
        static_assert(detail::dependent_false<U>,
                      "com_ptr(T*) does not say who owns the reference: use p.attach(raw) to take over a "
                      "reference, or p.copy_from(raw) to add one");
    }

    com_ptr(const com_ptr &other) noexcept : ptr_(other.ptr_) { add_ref(); }
    com_ptr(com_ptr &&other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)) {}

    // From an interface derived from T in the IDL (com_ptr<IFoo> from com_ptr<IFoo2>): the same
    // object, no QueryInterface; a copy adds a reference, a move takes it over. Another
    // interface needs p.as<T>().
    template <class U, std::enable_if_t<!std::is_same_v<U, T> && interface_derives_from_v<U, T>, int> = 0>
    com_ptr(const com_ptr<U> &other) noexcept : ptr_(detail::base_interface_of<T>(other.get()))
    {
        add_ref();
    }
    template <class U, std::enable_if_t<!std::is_same_v<U, T> && interface_derives_from_v<U, T>, int> = 0>
    com_ptr(com_ptr<U> &&other) noexcept : ptr_(detail::base_interface_of<T>(other.detach()))
    {
    }
    template <class U, std::enable_if_t<!std::is_same_v<U, T> && interface_derives_from_v<U, T>, int> = 0>
    com_ptr &operator=(const com_ptr<U> &other) noexcept
    {
        copy_from(detail::base_interface_of<T>(other.get()));
        return *this;
    }
    template <class U, std::enable_if_t<!std::is_same_v<U, T> && interface_derives_from_v<U, T>, int> = 0>
    com_ptr &operator=(com_ptr<U> &&other) noexcept
    {
        attach(detail::base_interface_of<T>(other.detach()));
        return *this;
    }
    com_ptr &operator=(const com_ptr &other) noexcept
    {
        if (this != &other) {
            copy_from(other.ptr_);
        }
        return *this;
    }
    com_ptr &operator=(com_ptr &&other) noexcept
    {
        com_ptr(std::move(other)).swap(*this);
        return *this;
    }
    com_ptr &operator=(std::nullptr_t) noexcept
    {
        reset();
        return *this;
    }
    ~com_ptr() { release(); }

    // The interface pointer; the reference stays with this com_ptr.
    T *get() const noexcept { return ptr_; }
    T *operator->() const noexcept { return ptr_; }
    explicit operator bool() const noexcept { return ptr_ != nullptr; }

    // Taking the address would let a callee overwrite a held reference (a leak) or read an
    // uninitialised one. Say what the address is for.
    template <class U = T>
    T **operator&()
    {
        static_assert(detail::dependent_false<U>,
                      "&com_ptr would leak the held reference: use p.put() (or p.put_void()) for an [out] "
                      "parameter, or std::addressof(p) for the com_ptr itself");
        return nullptr;
    }

    // Takes over a reference the caller owns (no AddRef); releases the one held before.
    void attach(T *raw) noexcept
    {
        release();
        ptr_ = raw;
    }
    // Hands the held reference to the caller (no Release) and empties this com_ptr.
    [[nodiscard]] T *detach() noexcept { return std::exchange(ptr_, nullptr); }
    // Holds a new reference to a borrowed pointer (AddRef); releases the one held before.
    void copy_from(T *raw) noexcept
    {
        if (raw != nullptr) {
            detail::unknown_of(raw)->lpVtbl->AddRef(detail::unknown_of(raw));
        }
        attach(raw);
    }
    // Copies the held reference out to an [out] parameter (AddRef).
    void copy_to(T **out) const noexcept
    {
        add_ref();
        *out = ptr_;
    }
    // For an [out] parameter that returns a reference: releases what is held, then hands out
    // the slot to fill.
    T **put() noexcept
    {
        reset();
        return &ptr_;
    }
    void **put_void() noexcept { return reinterpret_cast<void **>(put()); }

    void reset() noexcept { release(); }
    void swap(com_ptr &other) noexcept { std::swap(ptr_, other.ptr_); }

    // QueryInterface for U: a new reference, or the error (E_NOINTERFACE, E_POINTER for an
    // empty com_ptr, or what the object's QueryInterface returned, with its error info).
    template <class U>
    result<com_ptr<U>> as() const
    {
        if (ptr_ == nullptr) {
            return tl::make_unexpected(error(E_POINTER, "QueryInterface on an empty com_ptr", "ucom::com_ptr::as"));
        }
        com_ptr<U> out;
        const HRESULT hr =
            detail::unknown_of(ptr_)->lpVtbl->QueryInterface(detail::unknown_of(ptr_), &iid_of<U>, out.put_void());
        if (FAILED(hr)) {
            return tl::make_unexpected(error::from_hresult(hr, "QueryInterface"));
        }
        return out;
    }

    // QueryInterface for U, empty when the object does not implement it.
    template <class U>
    com_ptr<U> try_as() const noexcept
    {
        com_ptr<U> out;
        if (ptr_ != nullptr) {
            detail::unknown_of(ptr_)->lpVtbl->QueryInterface(detail::unknown_of(ptr_), &iid_of<U>, out.put_void());
        }
        return out;
    }

private:
    void add_ref() const noexcept
    {
        if (ptr_ != nullptr) {
            detail::unknown_of(ptr_)->lpVtbl->AddRef(detail::unknown_of(ptr_));
        }
    }
    void release() noexcept
    {
        if (T *old = std::exchange(ptr_, nullptr)) {
            detail::unknown_of(old)->lpVtbl->Release(detail::unknown_of(old));
        }
    }
    T *ptr_ = nullptr;
};

// The object's identity: its IUnknown pointer (QueryInterface for IUnknown always returns
// the same one). Two com_ptrs are equal when they reach the same object, whatever their
// interface types.
template <class T>
IUnknown *identity_of(const com_ptr<T> &p) noexcept
{
    const com_ptr<IUnknown> unknown = p.template try_as<IUnknown>();
    return unknown.get(); // still owned by p's object: compared, never dereferenced
}

template <class T, class U>
bool operator==(const com_ptr<T> &a, const com_ptr<U> &b) noexcept
{
    return identity_of(a) == identity_of(b);
}
template <class T, class U>
bool operator!=(const com_ptr<T> &a, const com_ptr<U> &b) noexcept
{
    return !(a == b);
}
template <class T>
bool operator==(const com_ptr<T> &a, std::nullptr_t) noexcept
{
    return !a;
}
template <class T>
bool operator!=(const com_ptr<T> &a, std::nullptr_t) noexcept
{
    return static_cast<bool>(a);
}

} // namespace ucom
