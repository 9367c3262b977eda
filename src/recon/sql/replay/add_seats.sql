update {raw_schema}.billing_subscriptions
set quantity = quantity + $seats, updated_at = $at
where lower(trim(subscription_id)) = $subscription_id
