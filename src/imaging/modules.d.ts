/** Type declarations for the packages that ship none (only the parts Manus uses). */
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    decode(
      buffer: ArrayBuffer,
      offset: number,
      length: number,
      numBytes?: number,
    ): Uint8Array | Uint16Array | Int16Array;
  }
}

declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  interface FrameInfo {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
  }
  interface JpegLSDecoder {
    getEncodedBuffer(length: number): Uint8Array;
    decode(): void;
    getFrameInfo(): FrameInfo;
    getDecodedBuffer(): Uint8Array;
    delete(): void;
  }
  interface CharlsModule {
    JpegLSDecoder: new () => JpegLSDecoder;
  }
  const factory: () => Promise<CharlsModule>;
  export default factory;
}

declare module 'dcmjs' {
  const dcmjs: {
    data: {
      DicomMetaDictionary: {
        nameMap: Record<string, { tag: string; vr: string; name: string }>;
        naturalizeDataset(dict: Record<string, unknown>): Record<string, unknown>;
      };
      DicomMessage: {
        readFile(buffer: ArrayBuffer): { meta: Record<string, unknown>; dict: Record<string, unknown> };
      };
    };
  };
  export default dcmjs;
}
