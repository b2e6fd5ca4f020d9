// Canvas::Impl and the Cairo and Pango owners shared by render.cpp, render_primitives.cpp and
// render_furniture.cpp. Every drawing unit is a page pixel at the page's DPI.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "infracov/geo/error.hpp"
#include "infracov/geo/render.hpp"

namespace infracov::geo::render {

inline constexpr double kMmPerInch = 25.4;
inline constexpr double kPointsPerInch = 72.0;
// Label collision is tracked on a grid of square cells this many pixels wide: coarse enough to be
// cheap for thousands of labels, fine enough that neighbours still get their names.
inline constexpr double kCellPx = 2.0;

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

struct Box {
  double x0 = 0.0;
  double y0 = 0.0;
  double x1 = 0.0;
  double y1 = 0.0;
};

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

  // render_primitives.cpp: paths, markers, the label occupancy grid (for_cells is used there only)
  // and text.
  void apply_stroke(const Stroke& s) const;
  void clip_to_frame() const;
  void path_line(const Polyline& line, bool close) const;
  void marker_path(Point centre, const Marker& m) const;
  void paint_marker(Point centre, const Marker& m) const;
  template <typename F>
  bool for_cells(const Box& b, F&& f) const;
  bool is_free(const Box& b) const;
  void occupy(const Box& b);
  LayoutPtr layout(const std::string& text, const std::string& family, double size_pt,
                   bool bold = false) const;
  static std::pair<double, double> text_size(PangoLayout* lay);
  void show_text(PangoLayout* lay, double x, double y, const Rgba& colour,
                 const std::optional<Rgba>& halo) const;

  void require_extent() const {
    if (!has_extent) throw InternalError("Canvas: set_extent() must come before drawing");
    if (finished) throw InternalError("Canvas: drawing after finish()");
  }
};

}  // namespace infracov::geo::render
