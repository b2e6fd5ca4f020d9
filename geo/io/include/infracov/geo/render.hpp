// Drawing maps on a page with Cairo and Pango: a map extent projected into a frame, features with
// colours, widths, dashes and transparency, labels that never overlap, a scale bar, a north arrow,
// a legend and a title. Knows nothing of what the features mean. Cairo stays in geo/src.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infracov/geo/geometry.hpp"
#include "infracov/geo/types.hpp"

namespace infracov::geo::render {

struct Rgba {
  double r = 0.0;
  double g = 0.0;
  double b = 0.0;
  double a = 1.0;
  // "#rrggbb"; throws InternalError for anything else.
  static Rgba hex(std::string_view rrggbb, double alpha = 1.0);
  friend bool operator==(const Rgba&, const Rgba&) = default;
};

struct Stroke {
  Rgba colour;
  double width_mm = 0.3;
  std::vector<double> dash_mm;  // on, off, on, ...; empty for a solid line
};

enum class MarkerShape { kCircle, kSquare, kStar, kTriangle, kDiamond };

struct Marker {
  MarkerShape shape = MarkerShape::kCircle;
  double size_mm = 2.0;  // diameter
  Rgba fill;
  std::optional<Stroke> outline;
  // Labels keep off the marker. Off for background symbols (facilities under the villages), so
  // they do not crowd out the village names.
  bool label_obstacle = true;
};

// How a feature is drawn: lines use `stroke`, polygons `fill` then `stroke` (either may be
// absent), points `marker`.
struct Style {
  std::optional<Rgba> fill;
  std::optional<Stroke> stroke;
  Marker marker;
};

struct LabelStyle {
  std::string font_family = "Noto Sans CJK SC";
  double size_pt = 7.0;
  Rgba colour{0.1, 0.1, 0.1, 1.0};
  std::optional<Rgba> halo = Rgba{1.0, 1.0, 1.0, 0.85};
  double offset_mm = 0.8;         // gap between the symbol's edge and the text
  double symbol_radius_mm = 0.0;  // half the size of the marker drawn at the anchor
};

// Page size: millimetres at a resolution. For PNG the pixel size is round(mm / 25.4 * dpi); SVG and
// PDF are vector pages of the same millimetres (dpi then only sets line and text sizes in px).
struct PageOptions {
  double width_mm = 297.0;
  double height_mm = 210.0;
  double dpi = 150.0;
  double margin_mm = 8.0;
  double title_height_mm = 14.0;  // band at the top of the page for the title
  // Panel right of the map frame for the legend, so that it hides no data; 0 draws the legend
  // inside the frame (bottom right). Narrowed on small pages to keep the frame at least half.
  double legend_panel_mm = 50.0;
  std::string font_family = "Noto Sans CJK SC";
  Rgba background{1.0, 1.0, 1.0, 1.0};
};

// Pixel size of a PNG rendered from `page` (what a test compares the file against).
int page_width_px(const PageOptions& page);
int page_height_px(const PageOptions& page);

struct LegendEntry {
  std::string text;
  GeometryClass symbol = GeometryClass::kPoint;  // point: marker, line: stroke, polygon: fill
  Style style;
};

// One page, written to `path` on finish(): PNG, SVG or PDF chosen by the extension
// (case-insensitive). Throws OutputError for another extension or when Cairo cannot write the file.
class Canvas {
 public:
  Canvas(std::filesystem::path path, const PageOptions& page);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  // Fits `world` (metres in a projected CRS) into the map frame with equal scale on both axes,
  // centred. Must be called before drawing features.
  void set_extent(const Envelope& world);
  // Page position in pixels (origin top left, y down) of a world point; PNG pixels for PNG pages.
  Point to_page_px(Point world) const;
  double px_per_mm() const;
  double metres_per_px() const;

  // Features are clipped to the map frame. Points of a geometry are drawn with the marker; its
  // lines with the stroke; its polygons filled then stroked. Markers mark their box as occupied so
  // labels avoid them.
  void draw(const Geometry& geometry, const Style& style);
  void draw_line(const Polyline& line, const Stroke& stroke);
  void draw_marker(Point world, const Marker& marker);

  // Places `text` near `anchor` at the first of eight positions (right, left, above, below, then
  // the diagonals) whose box is inside the map frame and overlaps no marker or label placed so far.
  // Returns false (and draws nothing) when none fits.
  bool add_label(Point anchor, const std::string& text, const LabelStyle& style);

  void draw_title(const std::string& title);
  void draw_scale_bar();    // bottom left of the frame, a round length about a fifth of its width
  void draw_north_arrow();  // top right of the frame; assumes grid north is up
  void draw_legend(const std::string& heading, const std::vector<LegendEntry>& entries);
  void finish();  // writes the file; the canvas cannot be drawn on afterwards

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Every polygon of a geometry (Polygon, MultiPolygon, polygons in collections) as rings: the
// shell first, then its holes.
std::vector<std::vector<Polyline>> polygon_rings(const Geometry& geometry);

}  // namespace infracov::geo::render
