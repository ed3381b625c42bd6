// ucom::array_view: the projection's pointer and count, from each kind of contiguous storage.
#include <array>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <ucom/array_view.hpp>

TEST_CASE("an array_view views a vector, a std::array, a C array or a pointer and a count")
{
    const std::vector<int> vector = {1, 2, 3};
    const ucom::array_view<const int> of_vector(vector);
    CHECK(of_vector.data() == vector.data());
    CHECK(of_vector.size() == 3);

    std::array<int, 2> array = {4, 5};
    const ucom::array_view<int> writable(array);
    writable[1] = 6;
    CHECK(array[1] == 6);

    int c_array[4] = {7, 8, 9, 10};
    const ucom::array_view<const int> of_c_array(c_array);
    CHECK(of_c_array.size() == 4);
    CHECK(of_c_array.to_vector() == std::vector<int>{7, 8, 9, 10});

    const ucom::array_view<const int> part(vector.data() + 1, 2);
    int sum = 0;
    for (int v : part) {
        sum += v;
    }
    CHECK(sum == 5);
}

TEST_CASE("an empty array_view has no data pointer whatever it was given")
{
    const int one = 1;
    const ucom::array_view<const int> empty(&one, 0);
    CHECK(empty.empty());
    CHECK(empty.data() == nullptr);
    CHECK(empty.begin() == empty.end());
    CHECK(ucom::array_view<const int>().empty());
}
