import { LocalTime } from "@/components/activity/local-time";
import { Card } from "@/components/ui/card";
import type { TripView } from "@/lib/directory/get-breaker-status";

const number = new Intl.NumberFormat("en");

/** Trips that cleared: when, how big, and what became of what they held. */
export function PastTrips({ trips }: { trips: TripView[] }) {
  return (
    <Card id="past-trips" title="Past trips" description="Each wave the breaker held, once everything it held was decided.">
      {trips.length === 0 ? (
        <p className="text-sm text-slate-600">The breaker has not tripped before.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm" data-testid="past-trips-table">
            <thead className="bg-slate-50 text-xs font-medium text-slate-700 uppercase">
              <tr>
                <th scope="col" className="px-3 py-2">Tripped</th>
                <th scope="col" className="px-3 py-2">Threshold</th>
                <th scope="col" className="px-3 py-2">Held</th>
                <th scope="col" className="px-3 py-2">Outcome</th>
                <th scope="col" className="px-3 py-2">Cleared</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {trips.map((trip) => (
                <tr key={trip.id}>
                  <td className="px-3 py-2">
                    <LocalTime at={trip.trippedAt} />
                  </td>
                  <td className="px-3 py-2 tabular-nums">
                    {number.format(trip.threshold)} in {trip.windowMinutes} min ({number.format(trip.activeUsers)} active)
                  </td>
                  <td className="px-3 py-2 tabular-nums">{number.format(trip.held)}</td>
                  <td className="px-3 py-2">
                    {number.format(trip.released)} released, {number.format(trip.discarded)} discarded
                    {trip.superseded > 0 && `, ${number.format(trip.superseded)} taken back by the IdP`}
                  </td>
                  <td className="px-3 py-2">
                    {trip.clearedAt != null && <LocalTime at={trip.clearedAt} />}
                    {trip.clearedBy && <span className="block text-xs text-slate-600">by {trip.clearedBy}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
