import { Enums, eventTarget, metaData, RenderingEngine, type Types } from '@cornerstonejs/core';
import {
  annotation,
  EllipticalROITool,
  Enums as ToolEnums,
  LengthTool,
  PanTool,
  ProbeTool,
  StackScrollTool,
  synchronizers,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  type Synchronizer,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import { initCornerstone, VIEWER_TOOLS } from './cornerstone.ts';
import {
  isMeasurementTool,
  MEASUREMENT_TOOLS,
  toAnnotation,
  toMeasurement,
  type Measurement,
} from './measurements.ts';
import { loadSeries, sameOrientation, type FrameRef, type LoadedSeries } from './series.ts';
import type { ViewerSeries } from './series-list.ts';

/** The main viewport, and the optional second one beside it (the 23Na series). */
export type Slot = 'main' | 'second';
/** What the primary mouse button does; middle always pans, right always zooms, the wheel scrolls. */
export type PrimaryTool = 'WindowLevel' | 'Pan' | 'Zoom' | 'Length' | 'EllipticalROI' | 'Probe';
export type Preset = 'dicom' | 'minmax' | 'sodium';

export interface ViewState {
  index: number;
  count: number;
  voi: { lower: number; upper: number } | null;
}

export interface SessionEvents {
  onView(slot: Slot, view: ViewState): void;
  onMeasurements(measurements: Measurement[]): void;
}

const TOOL_NAMES: Record<PrimaryTool, string> = {
  WindowLevel: WindowLevelTool.toolName,
  Pan: PanTool.toolName,
  Zoom: ZoomTool.toolName,
  Length: LengthTool.toolName,
  EllipticalROI: EllipticalROITool.toolName,
  Probe: ProbeTool.toolName,
};
const { MouseBindings } = ToolEnums;
/** Edits of a measurement arrive once per mouse move: report them once the hand rests. */
const MODIFIED_DEBOUNCE_MS = 250;
/** The 23Na preset clips the brightest 0.5 % (reference tubes, noise spikes) so cartilage shows. */
const SODIUM_UPPER_QUANTILE = 0.995;

let sessions = 0;

/**
 * One viewer's Cornerstone objects: a rendering engine, a tool group and, when the geometry allows it, a one-way
 * slice synchronizer from the main (1H) viewport to the second (23Na). Everything it creates, it destroys.
 * A read-only session shows the saved measurements but lets none be drawn, moved or deleted.
 */
export class ViewerSession {
  private readonly id = `manus-viewer-${++sessions}`;
  private readonly engine: RenderingEngine;
  private readonly toolGroup: ToolTypes.IToolGroup;
  private readonly frames = new Map<string, FrameRef>();
  private readonly loaded = new Map<Slot, LoadedSeries>();
  private readonly elements = new Map<Slot, HTMLDivElement>();
  private readonly measurements: Map<string, Measurement>;
  private synchronizer: Synchronizer | undefined;
  private primary: PrimaryTool = 'WindowLevel';
  private modifiedTimer: ReturnType<typeof setTimeout> | undefined;
  private destroyed = false;

  constructor(
    private readonly dicomwebBase: string,
    saved: readonly Measurement[],
    private readonly events: SessionEvents,
    private readonly readOnly = false,
  ) {
    initCornerstone();
    this.measurements = new Map(saved.map((m) => [m.uid, m]));
    this.engine = new RenderingEngine(this.id);
    const group = ToolGroupManager.createToolGroup(this.id);
    if (!group) throw new Error(`Tool group ${this.id} exists already`);
    this.toolGroup = group;
    for (const tool of VIEWER_TOOLS) group.addTool(tool.toolName);
    group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
    group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
    group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
    this.setPrimaryTool('WindowLevel');
    for (const type of [ToolEnums.Events.ANNOTATION_COMPLETED, ToolEnums.Events.ANNOTATION_REMOVED])
      eventTarget.addEventListener(type, this.onAnnotationChanged);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, this.onAnnotationModified);
  }

  /** Shows `series` in a viewport (`element` must stay free of React children), or empties the second one. */
  async show(slot: Slot, element: HTMLDivElement | null, series: ViewerSeries | null): Promise<void> {
    const viewportId = this.viewportId(slot);
    this.unsynchronize();
    if (this.elements.has(slot) && (!series || this.elements.get(slot) !== element)) {
      this.toolGroup.removeViewports(this.id, viewportId);
      this.engine.disableElement(viewportId);
      this.elements.get(slot)!.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
      this.elements.delete(slot);
      this.loaded.delete(slot);
    }
    if (!series || !element) return;
    const abort = new AbortController();
    const loaded = await loadSeries(this.dicomwebBase, series, this.frames, abort.signal);
    if (this.destroyed) return;
    if (!this.elements.has(slot)) {
      this.engine.enableElement({ viewportId, type: Enums.ViewportType.STACK, element });
      this.toolGroup.addViewport(viewportId, this.id);
      element.addEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
      this.elements.set(slot, element);
    }
    this.loaded.set(slot, loaded);
    const viewport = this.viewport(slot);
    await viewport.setStack(loaded.imageIds, Math.floor(loaded.imageIds.length / 2));
    if (this.destroyed) return;
    this.restore(loaded);
    this.synchronize();
    viewport.render();
  }

  /** Whether the second viewport follows the main one's slices (same frame of reference and orientation). */
  get synchronized(): boolean {
    return this.synchronizer !== undefined;
  }

  /** Binds the primary mouse button to `tool`; a read-only session keeps its tool when asked for a measuring one. */
  setPrimaryTool(tool: PrimaryTool): void {
    if (this.readOnly && isMeasurementTool(tool)) return;
    const previous = TOOL_NAMES[this.primary];
    if (previous !== TOOL_NAMES[tool]) this.toolGroup.setToolPassive(previous);
    // Measurement tools out of hand are never disabled, so that saved measurements on screen still get their stats:
    // passive, their handles can still be dragged; enabled (read-only), they are only drawn.
    for (const name of MEASUREMENT_TOOLS)
      if (name !== tool) {
        if (this.readOnly) this.toolGroup.setToolEnabled(TOOL_NAMES[name]);
        else this.toolGroup.setToolPassive(TOOL_NAMES[name]);
      }
    this.toolGroup.setToolActive(TOOL_NAMES[tool], { bindings: [{ mouseButton: MouseBindings.Primary }] });
    this.primary = tool;
  }

  /** Moves by `delta` images, or to the first (-Infinity) or last (+Infinity). */
  async scroll(slot: Slot, delta: number): Promise<void> {
    const viewport = this.viewportIfShown(slot);
    if (!viewport) return;
    const count = viewport.getImageIds().length;
    const target = Math.min(count - 1, Math.max(0, viewport.getCurrentImageIdIndex() + delta));
    await viewport.setImageIdIndex(target);
  }

  applyPreset(slot: Slot, preset: Preset): void {
    const viewport = this.viewportIfShown(slot);
    if (!viewport) return;
    const range = this.presetRange(viewport, preset);
    if (!range) return;
    viewport.setProperties({ voiRange: range });
    viewport.render();
  }

  /** Whether the image on screen has a window in its DICOM header. */
  hasDicomWindow(slot: Slot): boolean {
    const viewport = this.viewportIfShown(slot);
    return !!viewport && this.dicomWindow(viewport.getCurrentImageId()) !== null;
  }

  /** Back to the whole image, centred, with its default window. */
  reset(slot: Slot): void {
    const viewport = this.viewportIfShown(slot);
    if (!viewport) return;
    viewport.resetCamera();
    viewport.resetProperties();
    viewport.render();
  }

  zoom(slot: Slot, factor: number): void {
    const viewport = this.viewportIfShown(slot);
    if (!viewport) return;
    const camera = viewport.getCamera();
    if (camera.parallelScale) viewport.setCamera({ parallelScale: camera.parallelScale / factor });
    viewport.render();
  }

  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.modifiedTimer);
    for (const type of [ToolEnums.Events.ANNOTATION_COMPLETED, ToolEnums.Events.ANNOTATION_REMOVED])
      eventTarget.removeEventListener(type, this.onAnnotationChanged);
    eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, this.onAnnotationModified);
    // Annotations live in Cornerstone's page-wide state: take this viewer's away, unheard, so a viewer opened
    // later restores them from its own measurements rather than finding stale copies.
    for (const a of annotation.state.getAllAnnotations())
      if (a.annotationUID && a.metadata?.referencedImageId && this.frames.has(a.metadata.referencedImageId))
        annotation.state.removeAnnotation(a.annotationUID);
    for (const element of this.elements.values())
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
    this.unsynchronize();
    ToolGroupManager.destroyToolGroup(this.id);
    this.engine.destroy();
  }

  private viewportId(slot: Slot): string {
    return `${this.id}-${slot}`;
  }

  private viewport(slot: Slot): Types.IStackViewport {
    return this.engine.getViewport<Types.IStackViewport>(this.viewportId(slot));
  }

  private viewportIfShown(slot: Slot): Types.IStackViewport | undefined {
    return this.loaded.has(slot) && !this.destroyed ? this.viewport(slot) : undefined;
  }

  private dicomWindow(imageId: string): { lower: number; upper: number } | null {
    const voi = metaData.get('voiLutModule', imageId) as
      { windowCenter?: number[]; windowWidth?: number[] } | undefined;
    const center = voi?.windowCenter?.[0];
    const width = voi?.windowWidth?.[0];
    if (center === undefined || width === undefined || !(width > 0)) return null;
    return { lower: center - width / 2, upper: center + width / 2 };
  }

  /** The window of a preset on the image on screen, in modality values (rescale applied). */
  private presetRange(
    viewport: Types.IStackViewport,
    preset: Preset,
  ): { lower: number; upper: number } | null {
    if (preset === 'dicom') return this.dicomWindow(viewport.getCurrentImageId());
    const image = viewport.getCornerstoneImage();
    const pixels = image.getPixelData();
    const scaled = image.preScale?.scaled === true;
    const slope = scaled ? 1 : (image.slope ?? 1);
    const intercept = scaled ? 0 : (image.intercept ?? 0);
    const values = Float64Array.from(pixels, (v) => v * slope + intercept).sort();
    if (values.length === 0) return null;
    const lower = preset === 'sodium' ? Math.min(0, values[0]!) : values[0]!;
    const upper =
      preset === 'sodium'
        ? values[Math.min(values.length - 1, Math.floor(SODIUM_UPPER_QUANTILE * values.length))]!
        : values[values.length - 1]!;
    return { lower, upper: upper > lower ? upper : lower + 1 };
  }

  /** Draws the saved measurements of a series that Cornerstone does not hold yet. */
  private restore(loaded: LoadedSeries): void {
    const element = this.elements.get([...this.loaded].find(([, l]) => l === loaded)![0])!;
    const byFrame = new Map<string, string>();
    for (const id of loaded.imageIds) {
      const ref = this.frames.get(id)!;
      byFrame.set(`${ref.sopInstanceUid}/${ref.frame}`, id);
    }
    for (const m of this.measurements.values()) {
      const imageId = byFrame.get(`${m.sopInstanceUid}/${m.frame}`);
      if (m.seriesUid !== loaded.series.seriesUid || !imageId || annotation.state.getAnnotation(m.uid))
        continue;
      annotation.state.addAnnotation(toAnnotation(m, imageId), element);
    }
  }

  private synchronize(): void {
    const main = this.loaded.get('main');
    const second = this.loaded.get('second');
    if (!main || !second || this.synchronizer) return;
    if (
      !main.frameOfReferenceUid ||
      main.frameOfReferenceUid !== second.frameOfReferenceUid ||
      !sameOrientation(main.orientation, second.orientation)
    )
      return;
    // One way only: a two-way synchronizer pulls the source back to the target's nearest slice.
    const sync = synchronizers.createImageSliceSynchronizer(`${this.id}-slices`);
    sync.addSource({ renderingEngineId: this.id, viewportId: this.viewportId('main') });
    sync.addTarget({ renderingEngineId: this.id, viewportId: this.viewportId('second') });
    this.synchronizer = sync;
  }

  private unsynchronize(): void {
    this.synchronizer?.destroy();
    this.synchronizer = undefined;
  }

  private readonly onRendered = (event: Event): void => {
    const { viewportId } = (event as CustomEvent<{ viewportId: string }>).detail;
    const slot = ([...this.loaded.keys()] as Slot[]).find((s) => this.viewportId(s) === viewportId);
    if (!slot || this.destroyed) return;
    const viewport = this.viewport(slot);
    const voi = viewport.getProperties().voiRange;
    this.events.onView(slot, {
      index: viewport.getCurrentImageIdIndex(),
      count: viewport.getImageIds().length,
      voi: voi ? { lower: voi.lower, upper: voi.upper } : null,
    });
  };

  private readonly onAnnotationModified = (): void => {
    clearTimeout(this.modifiedTimer);
    this.modifiedTimer = setTimeout(this.report, MODIFIED_DEBOUNCE_MS);
  };

  private readonly onAnnotationChanged = (event: Event): void => {
    const removed = (event as CustomEvent<{ annotation?: ToolTypes.Annotation }>).detail.annotation;
    const deleted =
      event.type === ToolEnums.Events.ANNOTATION_REMOVED &&
      !!removed?.annotationUID &&
      this.measurements.delete(removed.annotationUID);
    this.report(deleted);
  };

  /** Reads this viewer's measurements back from Cornerstone, and reports the whole list when it changed. */
  private readonly report = (changed = false): void => {
    if (this.destroyed) return;
    for (const a of annotation.state.getAllAnnotations()) {
      const m = toMeasurement(a, this.frames);
      if (!m) continue;
      const before = this.measurements.get(m.uid);
      // A restored measurement not rendered yet has no stats computed: it keeps those it was saved with.
      if (before && Object.keys(m.stats).length === 0) m.stats = before.stats;
      if (before && JSON.stringify(before) === JSON.stringify(m)) continue;
      this.measurements.set(m.uid, m);
      changed = true;
    }
    if (changed) this.events.onMeasurements([...this.measurements.values()]);
  };
}
