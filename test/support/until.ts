/** The one polling helper of the tests (it lives in lib/testing so that contract suites can use it too). */
export { until, untilValue } from '../../lib/testing/until';
