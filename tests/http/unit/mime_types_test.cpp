#include "mime_types.hpp"

#include <gtest/gtest.h>

namespace httpd {
namespace {

TEST(MimeTypes, EveryListedExtension) {
  EXPECT_EQ(mime_type("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type("a/style.css"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type("app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("mod.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("data.json"), "application/json");
  EXPECT_EQ(mime_type("logo.svg"), "image/svg+xml");
  EXPECT_EQ(mime_type("a.png"), "image/png");
  EXPECT_EQ(mime_type("a.jpg"), "image/jpeg");
  EXPECT_EQ(mime_type("a.gif"), "image/gif");
  EXPECT_EQ(mime_type("a.webp"), "image/webp");
  EXPECT_EQ(mime_type("favicon.ico"), "image/vnd.microsoft.icon");
  EXPECT_EQ(mime_type("m.wasm"), "application/wasm");
  EXPECT_EQ(mime_type("notes.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(mime_type("README.md"), "text/markdown; charset=utf-8");
  EXPECT_EQ(mime_type("doc.pdf"), "application/pdf");
  EXPECT_EQ(mime_type("feed.xml"), "text/xml; charset=utf-8");
  EXPECT_EQ(mime_type("f.woff2"), "font/woff2");
  EXPECT_EQ(mime_type("v.mp4"), "video/mp4");
}

TEST(MimeTypes, CaseAndDefaults) {
  EXPECT_EQ(mime_type("PHOTO.JPG"), "image/jpeg");
  EXPECT_EQ(mime_type("Index.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type("archive.tar.gz"), "application/octet-stream");
  EXPECT_EQ(mime_type("Makefile"), "application/octet-stream");
  EXPECT_EQ(mime_type(".bashrc"), "application/octet-stream");
  EXPECT_EQ(mime_type("dir.html/file"), "application/octet-stream");
  EXPECT_EQ(mime_type("trailing."), "application/octet-stream");
}

}  // namespace
}  // namespace httpd
