"use client";

import { useState } from "react";
import { authClient } from "@/lib/auth-client";

export function UpgradeButton({ plan, workspaceId }: { plan: string; workspaceId: string }) {
  const [yearly, setYearly] = useState(false);
  const [busy, setBusy] = useState(false);

  async function upgrade() {
    setBusy(true);
    const { error } = await authClient.subscription.upgrade({
      plan,
      annual: yearly,
      referenceId: workspaceId,
      successUrl: "/notes?upgraded=1",
      cancelUrl: "https://notes.example/pricing",
    });
    if (error) setBusy(false);
  }

  async function teamSeats(seats: number) {
    await authClient.subscription.upgrade({ plan: "team", seats, successUrl: "/notes" });
  }

  async function manage() {
    await authClient.subscription.billingPortal({ returnUrl: "/notes" });
    await authClient.subscription.cancel({ returnUrl: "/pricing" });
    const { data } = await authClient.subscription.list();
    return data;
  }

  return (
    <div>
      <label>
        <input type="checkbox" checked={yearly} onChange={(e) => setYearly(e.target.checked)} />
        Yearly
      </label>
      <button disabled={busy} onClick={upgrade}>Upgrade to {plan}</button>
      <button onClick={() => teamSeats(5)}>Team (5 seats)</button>
      <button onClick={manage}>Manage</button>
    </div>
  );
}
