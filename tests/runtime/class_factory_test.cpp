// class_factory<Product>: IClassFactory for C++ components.
#include <catch2/catch.hpp>

#include <ucom/class_factory.hpp>
#include <ucom/com_ptr.hpp>

#include "calculator.hpp"
#include "numbered_interface.hpp"

namespace {

int destroyed_products = 0;

class counted_product : public ucom::implements<counted_product, INumbered<1>> {
public:
    counted_product() = default;
    counted_product(const counted_product &) = delete;
    counted_product &operator=(const counted_product &) = delete;
    ~counted_product() { ++destroyed_products; }

    template <int N>
    HRESULT Number(int32_t *value)
    {
        *value = N;
        return S_OK;
    }
};

} // namespace

TEST_CASE("a class factory creates objects and returns the requested interface")
{
    const ucom::com_ptr<IClassFactory> factory = ucom::make<ucom::class_factory<example::calculator>>();
    ucom::com_ptr<IDescribe> describe;
    REQUIRE(factory->CreateInstance(nullptr, &IID_IDescribe, describe.put_void()) == S_OK);
    char *text = nullptr;
    REQUIRE(describe->Describe(&text) == S_OK);
    ucom_free(text);
    CHECK(test::ref_count(describe.get()) == 1);
    CHECK(factory->LockServer(1) == S_OK);
    CHECK(factory->LockServer(0) == S_OK);
}

TEST_CASE("a class factory refuses aggregation, null out pointers and unknown interfaces")
{
    destroyed_products = 0;
    const ucom::com_ptr<IClassFactory> factory = ucom::make<ucom::class_factory<counted_product>>();
    void *out = reinterpret_cast<void *>(0x1);
    CHECK(factory->CreateInstance(reinterpret_cast<IUnknown *>(factory.get()), &IID_IUnknown, &out) ==
          CLASS_E_NOAGGREGATION);
    CHECK(out == nullptr);
    CHECK(factory->CreateInstance(nullptr, &IID_IUnknown, nullptr) == E_POINTER);
    out = reinterpret_cast<void *>(0x1);
    CHECK(factory->CreateInstance(nullptr, &IID_IClassFactory, &out) == E_NOINTERFACE);
    CHECK(out == nullptr);
    CHECK(destroyed_products == 1); // the object made for the unknown interface did not leak
}
