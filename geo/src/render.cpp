// Cairo and Pango behind geo::render::Canvas. Every drawing unit is a page pixel at the page's
// DPI; SVG and PDF surfaces (which measure in points) are scaled once so the same code serves all.
#include "infracov/geo/render.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <geos_c.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "geos_support.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::geo::render {
namespace {

constexpr double kMmPerInch = 25.4;
constexpr double kPointsPerInch = 72.0;
// Label collision is tracked on a grid of square cells this many pixels wide: coarse enough to be
// cheap for thousands of labels, fine enough that neighbours still get their names.
constexpr double kCellPx = 2.0;

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct GObjectDeleter {
  void operator()(void* o) const { g_object_unref(o); }
};
struct FontDeleter {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;
using FontPtr = std::unique_ptr<PangoFontDescription, FontDeleter>;

enum class Format { kPng, kSvg, kPdf };

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
  throw std::invalid_argument("not a hex digit");
}

struct Box {
  double x0 = 0.0;
  double y0 = 0.0;
  double x1 = 0.0;
  double y1 = 0.0;
};

}  // namespace

Rgba Rgba::hex(std::string_view rrggbb, double alpha) {
  if (rrggbb.size() != 7 || rrggbb[0] != '#') {
    throw std::invalid_argument("colour '" + std::string(rrggbb) + "' is not #rrggbb");
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

struct Canvas::Impl {
  std::filesystem::path path;
  PageOptions page;
  Format format = Format::kPng;
  SurfacePtr surface;
  CairoPtr cr;
  bool finished = false;

  double px_per_mm = 1.0;
  double panel_mm = 0.0;  // legend panel right of the frame
  double page_w_px = 0.0;
  Box frame;  // the map frame on the page, in px
  // World to page: page = (x - origin_x) / m_per_px + offset, y flipped.
  bool has_extent = false;
  double m_per_px = 1.0;
  double origin_x = 0.0;
  double origin_y = 0.0;
  double offset_x = 0.0;
  double offset_y = 0.0;

  // Occupancy grid for labels, one byte per cell.
  int grid_w = 0;
  int grid_h = 0;
  std::vector<unsigned char> occupied;

  double mm(double v) const { return v * px_per_mm; }

  Point to_page(Point w) const {
    return {(w.x - origin_x) / m_per_px + offset_x, offset_y - (w.y - origin_y) / m_per_px};
  }

  void set_colour(const Rgba& c) const { cairo_set_source_rgba(cr.get(), c.r, c.g, c.b, c.a); }

  void apply_stroke(const Stroke& s) const {
    set_colour(s.colour);
    cairo_set_line_width(cr.get(), std::max(mm(s.width_mm), 0.5));
    std::vector<double> dashes;
    for (double d : s.dash_mm) dashes.push_back(mm(d));
    cairo_set_dash(cr.get(), dashes.data(), static_cast<int>(dashes.size()), 0.0);
  }

  void clip_to_frame() const {
    cairo_rectangle(cr.get(), frame.x0, frame.y0, frame.x1 - frame.x0, frame.y1 - frame.y0);
    cairo_clip(cr.get());
  }

  void path_line(const Polyline& line, bool close) const {
    bool first = true;
    for (Point w : line) {
      const Point p = to_page(w);
      if (first) {
        cairo_move_to(cr.get(), p.x, p.y);
        first = false;
      } else {
        cairo_line_to(cr.get(), p.x, p.y);
      }
    }
    if (close && !line.empty()) cairo_close_path(cr.get());
  }

  void marker_path(Point centre, const Marker& m) const {
    const double r = mm(m.size_mm) / 2.0;
    cairo_new_path(cr.get());
    switch (m.shape) {
      case MarkerShape::kCircle:
        cairo_arc(cr.get(), centre.x, centre.y, r, 0.0, 2.0 * std::numbers::pi);
        break;
      case MarkerShape::kSquare:
        cairo_rectangle(cr.get(), centre.x - r, centre.y - r, 2.0 * r, 2.0 * r);
        break;
      case MarkerShape::kTriangle:
        cairo_move_to(cr.get(), centre.x, centre.y - r);
        cairo_line_to(cr.get(), centre.x + r * 0.866, centre.y + r * 0.5);
        cairo_line_to(cr.get(), centre.x - r * 0.866, centre.y + r * 0.5);
        cairo_close_path(cr.get());
        break;
      case MarkerShape::kStar:
        for (int i = 0; i < 10; ++i) {
          const double radius = (i % 2 == 0) ? r : r * 0.45;
          const double angle = -std::numbers::pi / 2.0 + i * std::numbers::pi / 5.0;
          const double x = centre.x + radius * std::cos(angle);
          const double y = centre.y + radius * std::sin(angle);
          if (i == 0) {
            cairo_move_to(cr.get(), x, y);
          } else {
            cairo_line_to(cr.get(), x, y);
          }
        }
        cairo_close_path(cr.get());
        break;
    }
  }

  void paint_marker(Point centre, const Marker& m) const {
    marker_path(centre, m);
    set_colour(m.fill);
    if (m.outline) {
      cairo_fill_preserve(cr.get());
      apply_stroke(*m.outline);
      cairo_stroke(cr.get());
    } else {
      cairo_fill(cr.get());
    }
  }

  // Cells covered by a box, clamped to the grid.
  template <typename F>
  bool for_cells(const Box& b, F&& f) const {
    const int c0 = std::max(0, static_cast<int>(std::floor(b.x0 / kCellPx)));
    const int r0 = std::max(0, static_cast<int>(std::floor(b.y0 / kCellPx)));
    // A box ending exactly on a cell edge does not claim the next cell: touching is not
    // overlapping.
    const int c1 = std::min(grid_w - 1, static_cast<int>(std::ceil(b.x1 / kCellPx)) - 1);
    const int r1 = std::min(grid_h - 1, static_cast<int>(std::ceil(b.y1 / kCellPx)) - 1);
    for (int r = r0; r <= r1; ++r) {
      for (int c = c0; c <= c1; ++c) {
        if (!f(static_cast<std::size_t>(r) * static_cast<std::size_t>(grid_w) +
               static_cast<std::size_t>(c))) {
          return false;
        }
      }
    }
    return true;
  }
  bool is_free(const Box& b) const {
    return for_cells(b, [&](std::size_t i) { return occupied[i] == 0; });
  }
  void occupy(const Box& b) {
    for_cells(b, [&](std::size_t i) {
      occupied[i] = 1;
      return true;
    });
  }

  LayoutPtr layout(const std::string& text, const std::string& family, double size_pt,
                   bool bold = false) const {
    LayoutPtr lay(pango_cairo_create_layout(cr.get()));
    // Text sizes are in points at the page's DPI, whatever the surface's own units.
    pango_cairo_context_set_resolution(pango_layout_get_context(lay.get()), page.dpi);
    pango_layout_context_changed(lay.get());
    FontPtr font(pango_font_description_new());
    pango_font_description_set_family(font.get(), family.c_str());
    pango_font_description_set_size(font.get(), static_cast<gint>(size_pt * PANGO_SCALE));
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(lay.get(), font.get());
    pango_layout_set_text(lay.get(), text.c_str(), -1);
    return lay;
  }

  static std::pair<double, double> text_size(PangoLayout* lay) {
    PangoRectangle logical{};
    pango_layout_get_pixel_extents(lay, nullptr, &logical);
    return {static_cast<double>(logical.width), static_cast<double>(logical.height)};
  }

  void show_text(PangoLayout* lay, double x, double y, const Rgba& colour,
                 const std::optional<Rgba>& halo) const {
    cairo_move_to(cr.get(), x, y);
    pango_cairo_update_layout(cr.get(), lay);
    if (halo) {
      pango_cairo_layout_path(cr.get(), lay);
      set_colour(*halo);
      cairo_set_line_width(cr.get(), mm(0.6));
      cairo_set_line_join(cr.get(), CAIRO_LINE_JOIN_ROUND);
      cairo_stroke(cr.get());
      cairo_move_to(cr.get(), x, y);
    }
    set_colour(colour);
    pango_cairo_show_layout(cr.get(), lay);
  }

  void require_extent() const {
    if (!has_extent) throw std::logic_error("Canvas: set_extent() must come before drawing");
    if (finished) throw std::logic_error("Canvas: drawing after finish()");
  }
};

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
  m.occupy({p.x - r, p.y - r, p.x + r, p.y + r});
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

void Canvas::draw_title(const std::string& title) {
  Impl& m = *impl_;
  LayoutPtr lay = m.layout(title, m.page.font_family, 14.0, true);
  const auto [w, h] = Impl::text_size(lay.get());
  const double page_w = m.page_w_px;
  const double band_top = m.mm(m.page.margin_mm);
  const double band_h = m.frame.y0 - band_top;
  m.show_text(lay.get(), (page_w - w) / 2.0, band_top + std::max(0.0, (band_h - h) / 2.0),
              {0.0, 0.0, 0.0, 1.0}, std::nullopt);
}

void Canvas::draw_scale_bar() {
  Impl& m = *impl_;
  m.require_extent();
  const double frame_w = m.frame.x1 - m.frame.x0;
  // A 1, 2 or 5 times a power of ten length near a fifth of the frame.
  const double target_m = frame_w / 5.0 * m.m_per_px;
  const double power = std::pow(10.0, std::floor(std::log10(target_m)));
  double length_m = power;
  for (double f : {2.0, 5.0, 10.0}) {
    if (f * power <= target_m) length_m = f * power;
  }
  const double bar_w = length_m / m.m_per_px;
  const double bar_h = m.mm(1.5);
  const double x0 = m.frame.x0 + m.mm(4.0);
  const double y0 = m.frame.y1 - m.mm(6.0);
  const std::string text = length_m >= 1000.0
                               ? std::to_string(static_cast<long>(length_m / 1000.0)) + " km"
                               : std::to_string(static_cast<long>(length_m)) + " m";
  LayoutPtr lay = m.layout(text, m.page.font_family, 7.0);
  const auto [tw, th] = Impl::text_size(lay.get());
  const Box box{x0 - m.mm(1.0), y0 - th - m.mm(1.0), x0 + std::max(bar_w, tw) + m.mm(1.0),
                y0 + bar_h + m.mm(1.0)};
  m.set_colour({1.0, 1.0, 1.0, 0.8});
  cairo_rectangle(m.cr.get(), box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
  cairo_fill(m.cr.get());
  for (int i = 0; i < 4; ++i) {
    cairo_rectangle(m.cr.get(), x0 + i * bar_w / 4.0, y0, bar_w / 4.0, bar_h);
    m.set_colour(i % 2 == 0 ? Rgba{0.0, 0.0, 0.0, 1.0} : Rgba{1.0, 1.0, 1.0, 1.0});
    cairo_fill_preserve(m.cr.get());
    m.set_colour({0.0, 0.0, 0.0, 1.0});
    cairo_set_line_width(m.cr.get(), std::max(m.mm(0.15), 0.5));
    cairo_set_dash(m.cr.get(), nullptr, 0, 0.0);
    cairo_stroke(m.cr.get());
  }
  m.show_text(lay.get(), x0 + bar_w - tw / 2.0 > x0 ? x0 + (bar_w - tw) / 2.0 : x0, y0 - th,
              {0.0, 0.0, 0.0, 1.0}, std::nullopt);
  m.occupy(box);
}

void Canvas::draw_north_arrow() {
  Impl& m = *impl_;
  m.require_extent();
  const double w = m.mm(5.0);
  const double h = m.mm(8.0);
  const double cx = m.frame.x1 - m.mm(4.0) - w / 2.0;
  const double top = m.frame.y0 + m.mm(7.0);
  LayoutPtr lay = m.layout("N", m.page.font_family, 9.0, true);
  const auto [tw, th] = Impl::text_size(lay.get());
  const Box box{cx - w / 2.0 - m.mm(1.0), top - th - m.mm(1.0), cx + w / 2.0 + m.mm(1.0),
                top + h + m.mm(1.0)};
  // Two halves, dark and light, as on a compass rose.
  cairo_new_path(m.cr.get());
  cairo_move_to(m.cr.get(), cx, top);
  cairo_line_to(m.cr.get(), cx - w / 2.0, top + h);
  cairo_line_to(m.cr.get(), cx, top + h * 0.75);
  cairo_close_path(m.cr.get());
  m.set_colour({0.0, 0.0, 0.0, 1.0});
  cairo_fill(m.cr.get());
  cairo_move_to(m.cr.get(), cx, top);
  cairo_line_to(m.cr.get(), cx + w / 2.0, top + h);
  cairo_line_to(m.cr.get(), cx, top + h * 0.75);
  cairo_close_path(m.cr.get());
  m.set_colour({1.0, 1.0, 1.0, 1.0});
  cairo_fill_preserve(m.cr.get());
  m.set_colour({0.0, 0.0, 0.0, 1.0});
  cairo_set_line_width(m.cr.get(), std::max(m.mm(0.2), 0.5));
  cairo_set_dash(m.cr.get(), nullptr, 0, 0.0);
  cairo_stroke(m.cr.get());
  m.show_text(lay.get(), cx - tw / 2.0, top - th, {0.0, 0.0, 0.0, 1.0}, Rgba{1.0, 1.0, 1.0, 0.85});
  m.occupy(box);
}

void Canvas::draw_legend(const std::string& heading, const std::vector<LegendEntry>& entries) {
  Impl& m = *impl_;
  m.require_extent();
  const double pad = m.mm(2.0);
  const double symbol_w = m.mm(6.0);
  LayoutPtr head = m.layout(heading, m.page.font_family, 8.0, true);
  auto [hw, hh] = Impl::text_size(head.get());
  std::vector<LayoutPtr> texts;
  double text_w = hw - symbol_w - pad;
  double row_h = m.mm(4.0);
  for (const LegendEntry& e : entries) {
    texts.push_back(m.layout(e.text, m.page.font_family, 7.0));
    const auto [tw, th] = Impl::text_size(texts.back().get());
    text_w = std::max(text_w, tw);
    row_h = std::max(row_h, th);
  }
  double box_w = pad * 3.0 + symbol_w + text_w;
  if (m.panel_mm > 0.0) {
    // The panel's width is fixed: long entries are shortened with an ellipsis, never spill.
    box_w = m.mm(m.panel_mm - 3.0);
    const double room = box_w - pad * 3.0 - symbol_w;
    for (auto* lay : {head.get()}) {
      pango_layout_set_width(lay, static_cast<int>((box_w - 2.0 * pad) * PANGO_SCALE));
      pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
    }
    for (auto& lay : texts) {
      pango_layout_set_width(lay.get(), static_cast<int>(room * PANGO_SCALE));
      pango_layout_set_ellipsize(lay.get(), PANGO_ELLIPSIZE_END);
    }
  }
  const double box_h = pad * 2.0 + hh + static_cast<double>(entries.size()) * row_h;
  Box box{m.frame.x1 - m.mm(3.0) - box_w, m.frame.y1 - m.mm(3.0) - box_h, m.frame.x1 - m.mm(3.0),
          m.frame.y1 - m.mm(3.0)};
  if (m.panel_mm > 0.0) {
    // In the panel, top-aligned with the frame; pushed left only if it would leave the page.
    const double x0 =
        std::min(m.frame.x1 + m.mm(3.0), m.page_w_px - m.mm(m.page.margin_mm) - box_w);
    box = {x0, m.frame.y0, x0 + box_w, m.frame.y0 + box_h};
  }
  cairo_rectangle(m.cr.get(), box.x0, box.y0, box_w, box_h);
  m.set_colour({1.0, 1.0, 1.0, 0.9});
  cairo_fill_preserve(m.cr.get());
  m.set_colour({0.3, 0.3, 0.3, 1.0});
  cairo_set_line_width(m.cr.get(), std::max(m.mm(0.2), 0.5));
  cairo_set_dash(m.cr.get(), nullptr, 0, 0.0);
  cairo_stroke(m.cr.get());
  m.show_text(head.get(), box.x0 + pad, box.y0 + pad, {0.0, 0.0, 0.0, 1.0}, std::nullopt);
  double y = box.y0 + pad + hh;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const LegendEntry& e = entries[i];
    const double sx = box.x0 + pad;
    const double cy = y + row_h / 2.0;
    switch (e.symbol) {
      case GeometryClass::kPoint:
        m.paint_marker({sx + symbol_w / 2.0, cy}, e.style.marker);
        break;
      case GeometryClass::kLine:
        if (e.style.stroke) {
          cairo_new_path(m.cr.get());
          cairo_move_to(m.cr.get(), sx, cy);
          cairo_line_to(m.cr.get(), sx + symbol_w, cy);
          m.apply_stroke(*e.style.stroke);
          cairo_stroke(m.cr.get());
        }
        break;
      case GeometryClass::kPolygon:
      case GeometryClass::kAny:
        cairo_new_path(m.cr.get());
        cairo_rectangle(m.cr.get(), sx, cy - row_h * 0.3, symbol_w, row_h * 0.6);
        if (e.style.fill) {
          m.set_colour(*e.style.fill);
          cairo_fill_preserve(m.cr.get());
        }
        if (e.style.stroke) {
          m.apply_stroke(*e.style.stroke);
          cairo_stroke(m.cr.get());
        }
        cairo_new_path(m.cr.get());
        break;
    }
    const auto [tw, th] = Impl::text_size(texts[i].get());
    static_cast<void>(tw);
    m.show_text(texts[i].get(), sx + symbol_w + pad, cy - th / 2.0, {0.0, 0.0, 0.0, 1.0},
                std::nullopt);
    y += row_h;
  }
  m.occupy(box);
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
