// Cairo and Pango behind geo::render::Canvas: the page and its surface, the world-to-page
// transform, drawing geometries and placing labels, and writing the file out.
// Every drawing unit is a page pixel at the page's DPI; SVG and PDF surfaces (which measure in
// points) are scaled once so the same code serves all.
#include "infracov/geo/render.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <geos_c.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "geos_support.hpp"
#include "infracov/geo/error.hpp"
#include "render_canvas.hpp"

// Built with AddressSanitizer (clang's feature test, g++'s macro): LeakSanitizer's interface.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define INFRACOV_LEAK_CHECKS 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define INFRACOV_LEAK_CHECKS 1
#endif
#ifdef INFRACOV_LEAK_CHECKS
#include <sanitizer/lsan_interface.h>
#endif

namespace infracov::geo::render {
namespace {

Format format_of(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".png") return Format::kPng;
  if (ext == ".svg") return Format::kSvg;
  if (ext == ".pdf") return Format::kPdf;
  throw OutputError("cannot draw a map: '" + path.string() +
                    "' has an unknown extension; use .png, .svg or .pdf");
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  throw InternalError("not a hex digit");
}

}  // namespace

Rgba Rgba::hex(std::string_view rrggbb, double alpha) {
  if (rrggbb.size() != 7 || rrggbb[0] != '#') {
    throw InternalError("colour '" + std::string(rrggbb) + "' is not #rrggbb");
  }
  auto channel = [&](std::size_t i) {
    return (hex_digit(rrggbb[i]) * 16 + hex_digit(rrggbb[i + 1])) / 255.0;
  };
  return {channel(1), channel(3), channel(5), alpha};
}

int page_width_px(const PageOptions& page) {
  return static_cast<int>(std::lround(page.width_mm / kMmPerInch * page.dpi));
}
int page_height_px(const PageOptions& page) {
  return static_cast<int>(std::lround(page.height_mm / kMmPerInch * page.dpi));
}

Canvas::Canvas(std::filesystem::path path, const PageOptions& page) : impl_(new Impl) {
  Impl& m = *impl_;
  m.path = std::move(path);
  m.page = page;
  m.format = format_of(m.path);
  if (page.width_mm <= 0.0 || page.height_mm <= 0.0 || page.dpi <= 0.0) {
    throw InputError(
        "cannot draw a map: page size and DPI must be positive; check --width-mm, "
        "--height-mm and --dpi");
  }
  const int w_px = page_width_px(page);
  const int h_px = page_height_px(page);
  const double w_pt = page.width_mm / kMmPerInch * kPointsPerInch;
  const double h_pt = page.height_mm / kMmPerInch * kPointsPerInch;
  switch (m.format) {
    case Format::kPng:
      m.surface.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w_px, h_px));
      break;
    case Format::kSvg:
      m.surface.reset(cairo_svg_surface_create(m.path.c_str(), w_pt, h_pt));
      break;
    case Format::kPdf:
      m.surface.reset(cairo_pdf_surface_create(m.path.c_str(), w_pt, h_pt));
      break;
  }
  if (cairo_surface_status(m.surface.get()) != CAIRO_STATUS_SUCCESS) {
    throw OutputError("cannot draw a map: '" + m.path.string() + "' (" +
                      cairo_status_to_string(cairo_surface_status(m.surface.get())) +
                      "); check the folder exists and is writable");
  }
  m.cr.reset(cairo_create(m.surface.get()));
  if (m.format != Format::kPng)
    cairo_scale(m.cr.get(), kPointsPerInch / page.dpi, kPointsPerInch / page.dpi);
  m.px_per_mm = page.dpi / kMmPerInch;
  m.panel_mm = std::min(page.legend_panel_mm, (page.width_mm - 2.0 * page.margin_mm) / 2.0);
  m.frame = {m.mm(page.margin_mm), m.mm(page.margin_mm + page.title_height_mm),
             w_px - m.mm(page.margin_mm + std::max(0.0, m.panel_mm)), h_px - m.mm(page.margin_mm)};
  if (m.frame.x1 <= m.frame.x0 + 10.0 || m.frame.y1 <= m.frame.y0 + 10.0) {
    throw InputError(
        "cannot draw a map: the page is too small for its margins; use a larger "
        "--width-mm/--height-mm or a higher --dpi");
  }
  m.page_w_px = w_px;
  m.grid_w = static_cast<int>(std::ceil(w_px / kCellPx)) + 1;
  m.grid_h = static_cast<int>(std::ceil(h_px / kCellPx)) + 1;
  m.occupied.assign(static_cast<std::size_t>(m.grid_w) * static_cast<std::size_t>(m.grid_h), 0);
  m.set_colour(page.background);
  cairo_paint(m.cr.get());
}

Canvas::~Canvas() = default;

void Canvas::set_extent(const Envelope& world) {
  Impl& m = *impl_;
  if (world.empty()) throw InputError("cannot draw a map: there is nothing to draw (empty extent)");
  // A single point or a straight row of points still gets a kilometre of context around it.
  Envelope e = world;
  const double min_span_m = 1000.0;
  if (e.max_x - e.min_x < min_span_m)
    e = {e.centre().x - min_span_m / 2, e.min_y, e.centre().x + min_span_m / 2, e.max_y};
  if (e.max_y - e.min_y < min_span_m)
    e = {e.min_x, e.centre().y - min_span_m / 2, e.max_x, e.centre().y + min_span_m / 2};
  const double frame_w = m.frame.x1 - m.frame.x0;
  const double frame_h = m.frame.y1 - m.frame.y0;
  m.m_per_px = std::max((e.max_x - e.min_x) / frame_w, (e.max_y - e.min_y) / frame_h);
  const Point c = e.centre();
  m.origin_x = c.x;
  m.origin_y = c.y;
  m.offset_x = (m.frame.x0 + m.frame.x1) / 2.0;
  m.offset_y = (m.frame.y0 + m.frame.y1) / 2.0;
  m.has_extent = true;
}

Point Canvas::to_page_px(Point world) const { return impl_->to_page(world); }
double Canvas::px_per_mm() const { return impl_->px_per_mm; }
double Canvas::metres_per_px() const { return impl_->m_per_px; }

void Canvas::draw(const Geometry& geometry, const Style& style) {
  Impl& m = *impl_;
  m.require_extent();
  if (geometry.is_null()) return;
  cairo_save(m.cr.get());
  m.clip_to_frame();
  for (const auto& rings : polygon_rings(geometry)) {
    cairo_new_path(m.cr.get());
    for (const Polyline& ring : rings) m.path_line(ring, true);
    // Even-odd so that holes stay empty whatever the ring orientation.
    cairo_set_fill_rule(m.cr.get(), CAIRO_FILL_RULE_EVEN_ODD);
    if (style.fill) {
      m.set_colour(*style.fill);
      cairo_fill_preserve(m.cr.get());
    }
    if (style.stroke) {
      m.apply_stroke(*style.stroke);
      cairo_stroke(m.cr.get());
    }
    cairo_new_path(m.cr.get());
  }
  cairo_restore(m.cr.get());
  if (style.stroke) {
    for (const Polyline& line : geometry.lines()) draw_line(line, *style.stroke);
  }
  for (Point p : geometry.points()) draw_marker(p, style.marker);
}

void Canvas::draw_line(const Polyline& line, const Stroke& stroke) {
  Impl& m = *impl_;
  m.require_extent();
  if (line.size() < 2) return;
  cairo_save(m.cr.get());
  m.clip_to_frame();
  cairo_new_path(m.cr.get());
  m.path_line(line, false);
  m.apply_stroke(stroke);
  cairo_set_line_join(m.cr.get(), CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(m.cr.get(), CAIRO_LINE_CAP_ROUND);
  cairo_stroke(m.cr.get());
  cairo_restore(m.cr.get());
}

void Canvas::draw_marker(Point world, const Marker& marker) {
  Impl& m = *impl_;
  m.require_extent();
  const Point p = m.to_page(world);
  const double r = m.mm(marker.size_mm) / 2.0;
  if (p.x < m.frame.x0 || p.x > m.frame.x1 || p.y < m.frame.y0 || p.y > m.frame.y1) return;
  cairo_save(m.cr.get());
  m.clip_to_frame();
  m.paint_marker(p, marker);
  cairo_restore(m.cr.get());
  if (marker.label_obstacle) m.occupy({p.x - r, p.y - r, p.x + r, p.y + r});
}

bool Canvas::add_label(Point anchor, const std::string& text, const LabelStyle& style) {
  Impl& m = *impl_;
  m.require_extent();
  if (text.empty()) return false;
  LayoutPtr lay = m.layout(text, style.font_family, style.size_pt);
  const auto [w, h] = Impl::text_size(lay.get());
  const Point p = m.to_page(anchor);
  const double gap = m.mm(style.offset_mm + style.symbol_radius_mm);
  // Top-left corners of the candidate boxes, most readable first (cartographic convention).
  const std::array<Point, 8> candidates{{
      {p.x + gap, p.y - h / 2},
      {p.x - gap - w, p.y - h / 2},
      {p.x - w / 2, p.y - gap - h},
      {p.x - w / 2, p.y + gap},
      {p.x + gap * 0.7, p.y - gap * 0.7 - h},
      {p.x - gap * 0.7 - w, p.y - gap * 0.7 - h},
      {p.x + gap * 0.7, p.y + gap * 0.7},
      {p.x - gap * 0.7 - w, p.y + gap * 0.7},
  }};
  for (Point c : candidates) {
    const Box box{c.x, c.y, c.x + w, c.y + h};
    if (box.x0 < m.frame.x0 || box.y0 < m.frame.y0 || box.x1 > m.frame.x1 || box.y1 > m.frame.y1) {
      continue;
    }
    if (!m.is_free(box)) continue;
    m.occupy(box);
    m.show_text(lay.get(), c.x, c.y, style.colour, style.halo);
    return true;
  }
  return false;
}

void Canvas::finish() {
  Impl& m = *impl_;
  if (m.finished) return;
  cairo_rectangle(m.cr.get(), m.frame.x0, m.frame.y0, m.frame.x1 - m.frame.x0,
                  m.frame.y1 - m.frame.y0);
  m.set_colour({0.2, 0.2, 0.2, 1.0});
  cairo_set_line_width(m.cr.get(), std::max(m.mm(0.3), 1.0));
  cairo_set_dash(m.cr.get(), nullptr, 0, 0.0);
  cairo_stroke(m.cr.get());
  m.finished = true;
  cairo_status_t status = CAIRO_STATUS_SUCCESS;
  if (m.format == Format::kPng) {
    cairo_surface_flush(m.surface.get());
    status = cairo_surface_write_to_png(m.surface.get(), m.path.c_str());
  } else {
    m.cr.reset();
#ifdef INFRACOV_LEAK_CHECKS
    // Cairo 1.16 loses two buffers (1.5 KiB) while it writes the fonts' subsets into a PDF or SVG
    // page; only this call is exempt from the sanitized build's leak check. (Cairo has no frame
    // pointers, so a suppression file cannot match the allocation's stack.)
    const __lsan::ScopedDisabler cairo_font_subsets_leak;
#endif
    cairo_surface_finish(m.surface.get());
    status = cairo_surface_status(m.surface.get());
  }
  if (status != CAIRO_STATUS_SUCCESS) {
    throw OutputError("cannot write the map: '" + m.path.string() + "' (" +
                      cairo_status_to_string(status) +
                      "); check the folder exists and is writable");
  }
}

namespace {

Polyline ring_points(GEOSContextHandle_t ctx, const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, ring);
  if (seq == nullptr) detail::throw_geos(ctx, "GEOSGeom_getCoordSeq");
  unsigned int n = 0;
  if (GEOSCoordSeq_getSize_r(ctx, seq, &n) == 0) detail::throw_geos(ctx, "GEOSCoordSeq_getSize");
  Polyline out(n);
  for (unsigned int i = 0; i < n; ++i) {
    if (GEOSCoordSeq_getXY_r(ctx, seq, i, &out[i].x, &out[i].y) == 0) {
      detail::throw_geos(ctx, "GEOSCoordSeq_getXY");
    }
  }
  return out;
}

void collect_polygons(GEOSContextHandle_t ctx, const GEOSGeometry* g,
                      std::vector<std::vector<Polyline>>& out) {
  const int id = GEOSGeomTypeId_r(ctx, g);
  if (id == GEOS_POLYGON) {
    if (GEOSisEmpty_r(ctx, g) == 1) return;
    std::vector<Polyline> rings;
    const GEOSGeometry* shell = GEOSGetExteriorRing_r(ctx, g);
    if (shell == nullptr) detail::throw_geos(ctx, "GEOSGetExteriorRing");
    rings.push_back(ring_points(ctx, shell));
    const int holes = GEOSGetNumInteriorRings_r(ctx, g);
    if (holes < 0) detail::throw_geos(ctx, "GEOSGetNumInteriorRings");
    for (int i = 0; i < holes; ++i)
      rings.push_back(ring_points(ctx, GEOSGetInteriorRingN_r(ctx, g, i)));
    out.push_back(std::move(rings));
  } else if (id == GEOS_MULTIPOLYGON || id == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(ctx, g);
    if (n < 0) detail::throw_geos(ctx, "GEOSGetNumGeometries");
    for (int i = 0; i < n; ++i) collect_polygons(ctx, GEOSGetGeometryN_r(ctx, g, i), out);
  } else if (id < 0) {
    detail::throw_geos(ctx, "GEOSGeomTypeId");
  }
}

}  // namespace

std::vector<std::vector<Polyline>> polygon_rings(const Geometry& geometry) {
  std::vector<std::vector<Polyline>> out;
  if (!geometry.is_null()) collect_polygons(geometry.context(), geometry.raw(), out);
  return out;
}

}  // namespace infracov::geo::render
