/**
 * The error codes a 997 reports, named once (the numbers are what partners' translators read).
 * AK3-04 (element 720): what is wrong with a segment.
 */
export enum X12SegmentError {
  UnexpectedSegment = '2',
  MandatorySegmentMissing = '3',
  SegmentExceedsMaximumUse = '5',
  SegmentOutOfSequence = '7',
  SegmentHasElementErrors = '8',
}

/** AK4-03 (element 723): what is wrong with an element. */
export enum X12ElementError {
  MandatoryElementMissing = '1',
  ConditionalElementMissing = '2',
  InvalidCodeValue = '7',
  InvalidDate = '8',
  InvalidTime = '9',
}

/** AK5-02 (element 718): why a transaction set was rejected. */
export enum X12SetError {
  NotSupported = '1',
  ControlNumberMismatch = '3',
  SegmentCountMismatch = '4',
  SegmentsInError = '5',
}

export type X12SyntaxCode = X12SegmentError | X12ElementError;
