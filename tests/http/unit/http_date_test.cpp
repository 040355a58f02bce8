#include "http_date.hpp"

#include <gtest/gtest.h>

#include <string>

namespace httpd {
namespace {

constexpr std::int64_t rfc_example = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT

std::string http_date(std::int64_t t) {
  char out[http_date_size];
  format_http_date(t, out);
  return {out, http_date_size};
}

TEST(HttpDate, FormatsImfFixdate) {
  EXPECT_EQ(http_date(rfc_example), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(http_date(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");
  EXPECT_EQ(http_date(4102444799), "Thu, 31 Dec 2099 23:59:59 GMT");
}

TEST(HttpDate, ParsesTheThreeForms) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), rfc_example);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), rfc_example);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), rfc_example);
  EXPECT_EQ(parse_http_date("Sun Nov 16 08:49:37 1994"), rfc_example + 10 * 86400);
}

TEST(HttpDate, RefusesWhatIsNotADate) {
  for (const char* bad : {"", "yesterday", "Sun, 06 Nov 1994 08:49:37", "Sun, 6 Nov 1994 08:49:37 GMT",
                          "Sun, 06 Nov 1994 08:49:37 GMT ", "Sun, 31 Feb 1994 08:49:37 GMT",
                          "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
                          "Xyz, 06 Nov 1994 08:49:37 GMT"})
    EXPECT_FALSE(parse_http_date(bad)) << bad;
}

TEST(HttpDate, FormatsLogAndListingStamps) {
  char clf[clf_date_size];
  format_clf_date(rfc_example, clf);
  EXPECT_EQ(std::string(clf, clf_date_size), "06/Nov/1994:08:49:37 +0000");
  char listing[listing_date_size];
  format_listing_date(rfc_example, listing);
  EXPECT_EQ(std::string(listing, listing_date_size), "1994-11-06 08:49");
}

TEST(HttpDate, CurrentDateIsParseable) {
  EXPECT_TRUE(parse_http_date(current_http_date()));
}

}  // namespace
}  // namespace httpd
