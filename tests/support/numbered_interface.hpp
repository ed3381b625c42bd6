// INumbered<K>: a family of test interfaces, one per K, each with one method that reports
// K. Templates stand in for what ucom-idl would generate per interface, so tests and
// benchmarks can list many interfaces without writing each by hand.
#pragma once

#include <cstdint>

#include <ucom/abi.h>
#include <ucom/implements.hpp>

template <int K>
struct INumbered;

template <int K>
struct INumberedVtbl {
    HRESULT (*QueryInterface)(INumbered<K> *This, REFIID riid, void **ppvObject);
    ULONG (*AddRef)(INumbered<K> *This);
    ULONG (*Release)(INumbered<K> *This);
    HRESULT (*Number)(INumbered<K> *This, int32_t *value);
};

template <int K>
struct INumbered {
    const INumberedVtbl<K> *lpVtbl;
    HRESULT QueryInterface(REFIID riid, void **ppvObject) { return lpVtbl->QueryInterface(this, riid, ppvObject); }
    ULONG AddRef() { return lpVtbl->AddRef(this); }
    ULONG Release() { return lpVtbl->Release(this); }
    HRESULT Number(int32_t *value) { return lpVtbl->Number(this, value); }
};

namespace test {

// A well-spread IID per K (splitmix64 of K), like the random GUIDs real interfaces get.
constexpr GUID numbered_iid(int k)
{
    const auto mix = [](std::uint64_t z) {
        z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31U);
    };
    const std::uint64_t a = mix(0x9E3779B97F4A7C15ULL * (static_cast<std::uint64_t>(static_cast<unsigned>(k)) + 1U));
    const std::uint64_t b = mix(a);
    return GUID{static_cast<std::uint32_t>(a),
                static_cast<std::uint16_t>(a >> 32U),
                static_cast<std::uint16_t>(a >> 48U),
                {static_cast<std::uint8_t>(b), static_cast<std::uint8_t>(b >> 8U), static_cast<std::uint8_t>(b >> 16U),
                 static_cast<std::uint8_t>(b >> 24U), static_cast<std::uint8_t>(b >> 32U),
                 static_cast<std::uint8_t>(b >> 40U), static_cast<std::uint8_t>(b >> 48U),
                 static_cast<std::uint8_t>(b >> 56U)}};
}

} // namespace test

template <int K>
struct ucom::interface_traits<INumbered<K>> {
    static constexpr GUID iid = test::numbered_iid(K);
    using base = IUnknown;
};

template <int K, class Derived>
struct ucom::glue<INumbered<K>, Derived> {
    static HRESULT Number(INumbered<K> *This, int32_t *value) noexcept
    {
        return detail::invoke<Derived>(This, [&](Derived &self) { return self.template Number<K>(value); });
    }

    using unknown = glue<IUnknown, Derived>;
    static constexpr INumberedVtbl<K> vtbl = {
        &unknown::template QueryInterface<INumbered<K>>,
        &unknown::template AddRef<INumbered<K>>,
        &unknown::template Release<INumbered<K>>,
        &Number,
    };
};

namespace test {

// An object answering INumbered<K> for each K listed; counts its destructions in *destroyed.
template <int... K>
class numbered_object : public ucom::implements<numbered_object<K...>, INumbered<K>...> {
public:
    explicit numbered_object(int *destroyed = nullptr) noexcept : destroyed_(destroyed) {}
    numbered_object(const numbered_object &) = delete;
    numbered_object &operator=(const numbered_object &) = delete;
    ~numbered_object()
    {
        if (destroyed_ != nullptr) {
            ++*destroyed_;
        }
    }

    template <int N>
    HRESULT Number(int32_t *value)
    {
        if (value == nullptr) {
            return E_POINTER;
        }
        *value = N;
        return S_OK;
    }

private:
    int *destroyed_;
};

// The reference count of the object behind p, read the COM way (AddRef then Release).
template <class T>
ULONG ref_count(T *p)
{
    ucom::detail::unknown_of(p)->AddRef();
    return ucom::detail::unknown_of(p)->Release();
}

} // namespace test
