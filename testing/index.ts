// tidemark/testing: ManualClock and the StreamTest-style DSL, for testing your own queries.
import '../index';

export { ManualClock } from '../api/clock';
export {
  testStream, AddData, MultiAddData, CheckAnswer, CheckNewAnswer, CheckLastBatch, CheckLastBatchSorted,
  StopStream, StartStream, AdvanceManualClock, ExpectFailure, AssertOnQuery, assertNumStateRows, assertEventStats,
  type StreamAction, type ExpectedRow, type TestStreamOptions, type AssertContext,
} from './stream-test';
export { OperatorHarness } from '../operators/harness';
