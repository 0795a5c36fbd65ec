/*
 * Stripe's own example object for each top-level API resource, copied unchanged from
 * fixtures3.json in Stripe's public OpenAPI repository (commit f6c2a48f, 2026-08-21).
 * Copyright (c) Stripe, Inc.; MIT licence in LICENSE beside this file.
 * The sandbox builds its objects in these shapes; the catalog derives response schemas from them.
 */

export const STRIPE_EXAMPLES = {
  "account": {
    "business_profile": {
      "annual_revenue": {
        "amount": null,
        "currency": null,
        "fiscal_year_end": null
      },
      "estimated_worker_count": null,
      "mcc": null,
      "name": null,
      "product_description": null,
      "support_address": {
        "city": null,
        "country": null,
        "line1": null,
        "line2": null,
        "postal_code": null,
        "state": null
      },
      "support_email": null,
      "support_phone": null,
      "support_url": null,
      "url": null,
      "minority_owned_business_designation": null
    },
    "business_type": null,
    "capabilities": {
      "card_payments": "active",
      "transfers": "active"
    },
    "charges_enabled": false,
    "controller": {
      "type": "account"
    },
    "country": "US",
    "created": 1234567890,
    "default_currency": "usd",
    "details_submitted": false,
    "email": "site@stripe.com",
    "external_accounts": {
      "data": [],
      "has_more": false,
      "object": "list",
      "url": "/v1/accounts/acct_1PgafTB7WZ01zgkW/external_accounts"
    },
    "future_requirements": {
      "alternatives": [],
      "current_deadline": null,
      "currently_due": [],
      "disabled_reason": null,
      "errors": [],
      "eventually_due": [],
      "past_due": [],
      "pending_verification": []
    },
    "id": "acct_1PgafTB7WZ01zgkW",
    "metadata": {},
    "object": "account",
    "payouts_enabled": false,
    "requirements": {
      "alternatives": [],
      "current_deadline": null,
      "currently_due": [
        "business_profile.product_description",
        "business_profile.support_phone",
        "business_profile.url",
        "external_account",
        "tos_acceptance.date",
        "tos_acceptance.ip"
      ],
      "disabled_reason": "requirements.past_due",
      "errors": [],
      "eventually_due": [
        "business_profile.product_description",
        "business_profile.support_phone",
        "business_profile.url",
        "external_account",
        "tos_acceptance.date",
        "tos_acceptance.ip"
      ],
      "past_due": [],
      "pending_verification": []
    },
    "settings": {
      "bacs_debit_payments": {
        "display_name": null,
        "service_user_number": null
      },
      "branding": {
        "icon": null,
        "logo": null,
        "primary_color": null,
        "secondary_color": null
      },
      "card_issuing": {
        "tos_acceptance": {
          "date": null,
          "ip": null
        }
      },
      "card_payments": {
        "decline_on": {
          "avs_failure": true,
          "cvc_failure": true
        },
        "statement_descriptor_prefix": null,
        "statement_descriptor_prefix_kana": null,
        "statement_descriptor_prefix_kanji": null
      },
      "dashboard": {
        "display_name": null,
        "timezone": "Etc/UTC"
      },
      "invoices": {
        "default_account_tax_ids": null,
        "hosted_payment_method_save": null
      },
      "payments": {
        "statement_descriptor": null,
        "statement_descriptor_kana": null,
        "statement_descriptor_kanji": null,
        "statement_descriptor_prefix_kana": null,
        "statement_descriptor_prefix_kanji": null
      },
      "payouts": {
        "debit_negative_balances": true,
        "schedule": {
          "delay_days": 2,
          "interval": "daily"
        },
        "statement_descriptor": null
      },
      "sepa_debit_payments": {}
    },
    "tos_acceptance": {
      "date": null,
      "ip": null,
      "user_agent": null
    },
    "type": "standard"
  },
  "account_link": {
    "created": 1234567890,
    "expires_at": 1234567890,
    "object": "account_link",
    "url": "https://sangeekp-15t6ai--manage-mydev.dev.stripe.me/setup/s/acct_1PgafTB7WZ01zgkW/MerI6itPZo2K"
  },
  "account_session": {
    "account": "acct_1Pgc7HKmsySxIypT",
    "client_secret": "accs_secret__QXhWgWIhGJ2Zl68tEmbZ29Gtc86adyWl6eEz2h6K7HtpnoB",
    "components": {
      "account_management": {
        "enabled": false,
        "features": {
          "external_account_collection": true,
          "disable_stripe_user_authentication": true
        }
      },
      "account_onboarding": {
        "enabled": false,
        "features": {
          "external_account_collection": true,
          "disable_stripe_user_authentication": true
        }
      },
      "balances": {
        "enabled": false,
        "features": {
          "edit_payout_schedule": false,
          "external_account_collection": true,
          "standard_payouts": false,
          "disable_stripe_user_authentication": true,
          "instant_payouts": true
        }
      },
      "documents": {
        "enabled": false,
        "features": {}
      },
      "notification_banner": {
        "enabled": false,
        "features": {
          "external_account_collection": true,
          "disable_stripe_user_authentication": true
        }
      },
      "payment_details": {
        "enabled": false,
        "features": {
          "capture_payments": true,
          "destination_on_behalf_of_charge_management": false,
          "dispute_management": true,
          "refund_management": true,
          "smart_disputes_management": true
        }
      },
      "payments": {
        "enabled": false,
        "features": {
          "capture_payments": true,
          "destination_on_behalf_of_charge_management": false,
          "dispute_management": true,
          "refund_management": true,
          "smart_disputes_management": true
        }
      },
      "payouts": {
        "enabled": false,
        "features": {
          "edit_payout_schedule": false,
          "external_account_collection": true,
          "standard_payouts": false,
          "disable_stripe_user_authentication": true,
          "instant_payouts": true
        }
      },
      "payouts_list": {
        "enabled": false,
        "features": {}
      },
      "tax_registrations": {
        "enabled": false,
        "features": {}
      },
      "tax_settings": {
        "enabled": false,
        "features": {}
      },
      "financial_account": {
        "enabled": true,
        "features": {
          "disable_stripe_user_authentication": true,
          "external_account_collection": true,
          "send_money": true,
          "transfer_balance": true
        }
      },
      "financial_account_transactions": {
        "enabled": true,
        "features": {
          "card_spend_dispute_management": true
        }
      },
      "issuing_card": {
        "enabled": true,
        "features": {
          "card_management": true,
          "card_spend_dispute_management": true,
          "cardholder_management": true,
          "spend_control_management": true
        }
      },
      "issuing_cards_list": {
        "enabled": true,
        "features": {
          "card_management": true,
          "card_spend_dispute_management": true,
          "cardholder_management": true,
          "disable_stripe_user_authentication": true,
          "spend_control_management": true
        }
      },
      "disputes_list": {
        "enabled": true,
        "features": {
          "capture_payments": true,
          "destination_on_behalf_of_charge_management": true,
          "dispute_management": true,
          "refund_management": true,
          "smart_disputes_management": true
        }
      },
      "payment_disputes": {
        "enabled": true,
        "features": {
          "destination_on_behalf_of_charge_management": true,
          "dispute_management": true,
          "refund_management": true,
          "smart_disputes_management": true
        }
      },
      "instant_payouts_promotion": {
        "enabled": true,
        "features": {
          "disable_stripe_user_authentication": true,
          "external_account_collection": true,
          "instant_payouts": true
        }
      },
      "payout_details": {
        "enabled": true,
        "features": {}
      },
      "balance_report": {
        "enabled": true,
        "features": {}
      },
      "payout_reconciliation_report": {
        "enabled": true,
        "features": {}
      }
    },
    "expires_at": 1234567890,
    "livemode": false,
    "object": "account_session"
  },
  "apple_pay_domain": {
    "created": 1234567890,
    "domain_name": "example.com",
    "id": "apwc_1Pgc6oB7WZ01zgkWHz71O4bz",
    "livemode": true,
    "object": "apple_pay_domain"
  },
  "application": {
    "id": "obj_123",
    "name": null,
    "object": "application"
  },
  "application_fee": {
    "account": "acct_1PgafTB7WZ01zgkW",
    "amount": 100,
    "amount_refunded": 0,
    "application": "ca_QXhWOVlWX7KFerjnWFSGuGR21sZjCeji",
    "balance_transaction": "txn_1PgaxNB7WZ01zgkWEV3TLf40",
    "charge": "ch_1PgafuB7WZ01zgkWXYmPNZs8",
    "created": 1234567890,
    "currency": "usd",
    "fee_source": {
      "charge": "ch_1PgafuB7WZ01zgkWXYmPNZs8",
      "type": "charge"
    },
    "id": "fee_1Pgc6zB7WZ01zgkWOMh2at1m",
    "livemode": false,
    "object": "application_fee",
    "originating_transaction": null,
    "refunded": false,
    "refunds": {
      "data": [],
      "has_more": false,
      "object": "list",
      "url": "/v1/application_fees/fee_1Pgc6zB7WZ01zgkWOMh2at1m/refunds"
    }
  },
  "balance": {
    "available": [
      {
        "amount": 0,
        "currency": "usd",
        "source_types": {
          "card": 0
        }
      }
    ],
    "connect_reserved": [
      {
        "amount": 0,
        "currency": "usd"
      }
    ],
    "livemode": false,
    "object": "balance",
    "pending": [
      {
        "amount": 0,
        "currency": "usd",
        "source_types": {
          "card": 0
        }
      }
    ]
  },
  "balance_settings": {
    "object": "balance_settings",
    "payments": {
      "debit_negative_balances": null,
      "payouts": {
        "minimum_balance_by_currency": null,
        "schedule": {
          "interval": null
        },
        "statement_descriptor": null,
        "status": "disabled",
        "automatic_transfer_rules_by_currency": null
      },
      "settlement_timing": {
        "delay_days": 1647351405,
        "start_of_day": {
          "hour": 3208676,
          "minutes": 1064901855,
          "timezone": "timezone"
        }
      }
    }
  },
  "balance_transaction": {
    "amount": 100,
    "available_on": 1234567890,
    "created": 1234567890,
    "currency": "usd",
    "description": "My First Test Charge (created for API docs)",
    "exchange_rate": null,
    "fee": 0,
    "fee_details": [],
    "id": "txn_1PgaxNB7WZ01zgkWEV3TLf40",
    "net": 100,
    "object": "balance_transaction",
    "reporting_category": "charge",
    "source": "ch_1PgafuB7WZ01zgkWXYmPNZs8",
    "status": "available",
    "type": "charge",
    "balance_type": "payments"
  },
  "bank_account": {
    "account_holder_name": "Jane Austen",
    "account_holder_type": "company",
    "account_type": null,
    "bank_name": "STRIPE TEST BANK",
    "country": "US",
    "currency": "usd",
    "customer": null,
    "fingerprint": "AuoSJ18zsVWV9SPc",
    "id": "ba_1PgagAB7WZ01zgkWr3DySp2Q",
    "last4": "6789",
    "metadata": {},
    "object": "bank_account",
    "routing_number": "110000000",
    "status": "new"
  },
  "capability": {
    "account": "acct_1PgafTB7WZ01zgkW",
    "future_requirements": {
      "alternatives": [],
      "current_deadline": null,
      "currently_due": [],
      "disabled_reason": null,
      "errors": [],
      "eventually_due": [],
      "past_due": [],
      "pending_verification": []
    },
    "id": "card_payments",
    "object": "capability",
    "requested": true,
    "requested_at": 1234567890,
    "requirements": {
      "alternatives": [],
      "current_deadline": null,
      "currently_due": [],
      "disabled_reason": null,
      "errors": [],
      "eventually_due": [],
      "past_due": [],
      "pending_verification": []
    },
    "status": "inactive"
  },
  "card": {
    "address_city": null,
    "address_country": null,
    "address_line1": null,
    "address_line1_check": null,
    "address_line2": null,
    "address_state": null,
    "address_zip": null,
    "address_zip_check": null,
    "brand": "Visa",
    "country": "US",
    "customer": null,
    "cvc_check": "pass",
    "dynamic_last4": null,
    "exp_month": 8,
    "exp_year": 2030,
    "fingerprint": "AOB934RVNwzk6xtn",
    "funding": "credit",
    "id": "card_1PgaftB7WZ01zgkWm3waTcFp",
    "last4": "4242",
    "metadata": {},
    "name": "Jenny Rosen",
    "object": "card",
    "tokenization_method": null,
    "regulated_status": null
  },
  "cash_balance": {
    "available": {
      "eur": 10000
    },
    "customer": "cus_QXg1o8vcGmoR32",
    "livemode": false,
    "object": "cash_balance",
    "settings": {
      "reconciliation_mode": "automatic",
      "using_merchant_default": true
    },
    "customer_account": null
  },
  "charge": {
    "amount": 100,
    "amount_captured": 0,
    "amount_refunded": 0,
    "application": null,
    "application_fee": null,
    "application_fee_amount": null,
    "balance_transaction": "txn_1PgaxNB7WZ01zgkWEV3TLf40",
    "billing_details": {
      "address": {
        "city": null,
        "country": null,
        "line1": null,
        "line2": null,
        "postal_code": null,
        "state": null
      },
      "email": null,
      "name": "Jenny Rosen",
      "phone": null,
      "tax_id": null
    },
    "calculated_statement_descriptor": null,
    "captured": false,
    "created": 1234567890,
    "currency": "usd",
    "customer": null,
    "description": "My First Test Charge (created for API docs)",
    "disputed": false,
    "failure_balance_transaction": null,
    "failure_code": null,
    "failure_message": null,
    "fraud_details": {},
    "id": "ch_1PgafuB7WZ01zgkWXYmPNZs8",
    "livemode": false,
    "metadata": {},
    "object": "charge",
    "on_behalf_of": null,
    "outcome": {
      "advice_code": null,
      "network_advice_code": null,
      "network_decline_code": null,
      "network_status": null,
      "reason": null,
      "seller_message": null,
      "type": "type"
    },
    "paid": true,
    "payment_intent": null,
    "payment_method": "card_1PgaftB7WZ01zgkWm3waTcFp",
    "payment_method_details": {
      "card": {
        "amount_authorized": null,
        "brand": "visa",
        "checks": {
          "address_line1_check": null,
          "address_postal_code_check": null,
          "cvc_check": "pass"
        },
        "country": "US",
        "exp_month": 8,
        "exp_year": 2030,
        "extended_authorization": {
          "status": "disabled"
        },
        "fingerprint": "AOB934RVNwzk6xtn",
        "funding": "credit",
        "incremental_authorization": {
          "status": "unavailable"
        },
        "installments": {
          "plan": {
            "count": null,
            "interval": null,
            "type": "fixed_count"
          }
        },
        "last4": "4242",
        "mandate": null,
        "multicapture": {
          "status": "unavailable"
        },
        "network": "visa",
        "network_token": {
          "used": false
        },
        "overcapture": {
          "maximum_amount_capturable": 100,
          "status": "unavailable"
        },
        "three_d_secure": {
          "authentication_flow": null,
          "electronic_commerce_indicator": null,
          "exemption_indicator": null,
          "result": null,
          "result_reason": null,
          "transaction_id": null,
          "version": null
        },
        "wallet": {
          "dynamic_last4": null,
          "type": "link"
        },
        "authorization_code": null,
        "regulated_status": null,
        "network_transaction_id": null,
        "transaction_link_id": null
      },
      "type": "card"
    },
    "receipt_email": null,
    "receipt_number": null,
    "receipt_url": "https://sangeekp-15t6ai--manage-mydev.dev.stripe.me/receipts/payment/CAcaFwoVYWNjdF8xUGdhZlRCN1daMDF6Z2tXKI_ei7UGMgZv2S_KfiY6LCJrxC7awazgQA9I88krZKw5uuCkZ5Nup2tomEtAbSpdfzjVZHO3ZYP5KFZP",
    "refunded": false,
    "refunds": {
      "data": [],
      "has_more": false,
      "object": "list",
      "url": "/v1/charges/ch_1PgafuB7WZ01zgkWXYmPNZs8/refunds"
    },
    "review": null,
    "shipping": {},
    "source_transfer": null,
    "statement_descriptor": null,
    "statement_descriptor_suffix": null,
    "status": "succeeded",
    "transfer_data": {
      "amount": null,
      "destination": {
        "id": "obj_123",
        "object": "account"
      }
    },
    "transfer_group": null,
    "source": {
      "allow_redisplay": null,
      "amount": null,
      "client_secret": "client_secret",
      "created": 1028554472,
      "currency": null,
      "flow": "flow",
      "id": "obj_123",
      "livemode": true,
      "metadata": null,
      "object": "source",
      "owner": {
        "address": {
          "city": null,
          "country": null,
          "line1": null,
          "line2": null,
          "postal_code": null,
          "state": null
        },
        "email": null,
        "name": null,
        "phone": null,
        "verified_address": {
          "city": null,
          "country": null,
          "line1": null,
          "line2": null,
          "postal_code": null,
          "state": null
        },
        "verified_email": null,
        "verified_name": null,
        "verified_phone": null
      },
      "statement_descriptor": null,
      "status": "status",
      "type": "ach_credit_transfer",
      "usage": null
    }
  },
  "confirmation_token": {
    "created": 1234567890,
    "expires_at": 1234567890,
    "id": "ctoken_1Pgc73B7WZ01zgkWgFXpfTtv",
    "livemode": true,
    "mandate_data": {
      "customer_acceptance": {
        "online": {
          "ip_address": null,
          "user_agent": null
        },
        "type": "type"
      }
    },
    "object": "confirmation_token",
    "payment_intent": null,
    "payment_method_options": {
      "card": {
        "cvc_token": null
      }
    },
    "payment_method_preview": {
      "allow_redisplay": "unspecified",
      "billing_details": {
        "address": {
          "city": "San Francisco",
          "country": "US",
          "line1": "1234 Fake Street",
          "line2": null,
          "postal_code": "94102",
          "state": "CA"
        },
        "email": null,
        "name": "Jane Austen",
        "phone": null,
        "tax_id": null
      },
      "customer": null,
      "type": "us_bank_account",
      "us_bank_account": {
        "account_holder_type": "company",
        "account_type": "checking",
        "bank_name": "STRIPE TEST BANK",
        "financial_connections_account": null,
        "fingerprint": "AuoSJ18zsVWV9SPc",
        "last4": "6789",
        "networks": {
          "preferred": "ach",
          "supported": [
            "ach"
          ]
        },
        "routing_number": "110000000",
        "status_details": {}
      },
      "customer_account": null
    },
    "return_url": "https://example.com/return",
    "setup_future_usage": "off_session",
    "setup_intent": null,
    "shipping": {
      "address": {
        "city": "San Francisco",
        "country": "US",
        "line1": "1234 Fake Street",
        "line2": null,
        "postal_code": "94102",
        "state": "CA"
      },
      "name": "Jenny Rosen",
      "phone": null
    },
    "use_stripe_sdk": true
  },
  "country_spec": {
    "default_currency": "usd",
    "id": "US",
    "object": "country_spec",
    "supported_bank_account_currencies": {
      "usd": [
        "US"
      ]
    },
    "supported_payment_currencies": [
      "...",
      "aed",
      "afn",
      "usd"
    ],
    "supported_payment_methods": [
      "ach",
      "card",
      "stripe"
    ],
    "supported_transfer_countries": [
      "AE",
      "AG",
      "AL",
      "AM",
      "AO",
      "AR",
      "AT",
      "AU",
      "AZ",
      "BA",
      "BD",
      "BE",
      "BG",
      "BH",
      "BJ",
      "BN",
      "BO",
      "BS",
      "BT",
      "BW",
      "CA",
      "CH",
      "CI",
      "CL",
      "CO",
      "CR",
      "CY",
      "CZ",
      "DE",
      "DK",
      "DO",
      "DZ",
      "EC",
      "EE",
      "EG",
      "ES",
      "ET",
      "FI",
      "FR",
      "GA",
      "GB",
      "GH",
      "GM",
      "GR",
      "GT",
      "GY",
      "HK",
      "HR",
      "HU",
      "ID",
      "IE",
      "IL",
      "IS",
      "IT",
      "JM",
      "JO",
      "JP",
      "KE",
      "KH",
      "KR",
      "KW",
      "KZ",
      "LA",
      "LC",
      "LI",
      "LK",
      "LT",
      "LU",
      "LV",
      "MA",
      "MC",
      "MD",
      "MG",
      "MK",
      "MN",
      "MO",
      "MT",
      "MU",
      "MX",
      "MY",
      "MZ",
      "NA",
      "NE",
      "NG",
      "NL",
      "NO",
      "NZ",
      "OM",
      "PA",
      "PE",
      "PH",
      "PK",
      "PL",
      "PT",
      "PY",
      "QA",
      "RO",
      "RS",
      "RW",
      "SA",
      "SE",
      "SG",
      "SI",
      "SK",
      "SM",
      "SN",
      "SV",
      "TH",
      "TN",
      "TR",
      "TT",
      "TW",
      "TZ",
      "US",
      "UY",
      "UZ",
      "VN",
      "ZA"
    ],
    "verification_fields": {
      "company": {
        "additional": [],
        "minimum": [
          "business_profile.mcc",
          "business_profile.name",
          "business_profile.product_description",
          "business_profile.url",
          "business_type",
          "company.address.city",
          "company.address.line1",
          "company.address.postal_code",
          "company.address.state",
          "company.name",
          "company.owners_provided",
          "company.phone",
          "company.tax_id",
          "external_account",
          "owners.address.city",
          "owners.address.line1",
          "owners.address.postal_code",
          "owners.address.state",
          "owners.dob.day",
          "owners.dob.month",
          "owners.dob.year",
          "owners.email",
          "owners.first_name",
          "owners.last_name",
          "owners.phone",
          "representative.address.city",
          "representative.address.line1",
          "representative.address.postal_code",
          "representative.address.state",
          "representative.dob.day",
          "representative.dob.month",
          "representative.dob.year",
          "representative.email",
          "representative.first_name",
          "representative.id_number",
          "representative.last_name",
          "representative.phone",
          "representative.relationship.title",
          "representative.ssn_last_4",
          "representative.verification.document",
          "settings.card_payments.statement_descriptor_prefix",
          "settings.payments.statement_descriptor",
          "tos_acceptance.date",
          "tos_acceptance.ip"
        ]
      },
      "individual": {
        "additional": [],
        "minimum": [
          "business_profile.mcc",
          "business_profile.name",
          "business_profile.product_description",
          "business_profile.url",
          "business_type",
          "external_account",
          "individual.address.city",
          "individual.address.line1",
          "individual.address.postal_code",
          "individual.address.state",
          "individual.dob.day",
          "individual.dob.month",
          "individual.dob.year",
          "individual.email",
          "individual.first_name",
          "individual.id_number",
          "individual.last_name",
          "individual.phone",
          "individual.ssn_last_4",
          "individual.verification.document",
          "settings.card_payments.statement_descriptor_prefix",
          "settings.payments.statement_descriptor",
          "tos_acceptance.date",
          "tos_acceptance.ip"
        ]
      }
    }
  },
  "coupon": {
    "amount_off": null,
    "created": 1234567890,
    "currency": "usd",
    "duration": "forever",
    "duration_in_months": 3,
    "id": "Z4OV52SU",
    "livemode": false,
    "max_redemptions": null,
    "metadata": {},
    "name": "25.5% off",
    "object": "coupon",
    "percent_off": 25.5,
    "redeem_by": 1234567890,
    "times_redeemed": 0,
    "valid": true
  },
  "credit_note": {
    "amount": 1690,
    "amount_shipping": 0,
    "created": 1234567890,
    "currency": "usd",
    "customer": "cus_QXg1o8vcGmoR32",
    "customer_balance_transaction": null,
    "discount_amount": 0,
    "discount_amounts": [],
    "effective_at": 1234567890,
    "id": "cn_1Pgc75B7WZ01zgkWJMPt5riP",
    "invoice": "in_1Pgc75B7WZ01zgkWYv4iMwt7",
    "lines": {
      "data": [
        {
          "amount": 1190,
          "description": "My First Invoice Item (created for API docs)",
          "discount_amount": 0,
          "discount_amounts": [],
          "id": "cnli_1Pgc75B7WZ01zgkWla6u0GdZ",
          "invoice_line_item": "il_1Pgc74B7WZ01zgkWWh45tUBA",
          "livemode": false,
          "object": "credit_note_line_item",
          "quantity": 1,
          "tax_rates": [
            {
              "active": true,
              "country": "DE",
              "created": 1721954066,
              "description": "VAT Germany",
              "display_name": "VAT",
              "effective_percentage": null,
              "id": "txr_1Pgc74B7WZ01zgkW94BlEhHU",
              "inclusive": false,
              "jurisdiction": "DE",
              "jurisdiction_level": null,
              "livemode": false,
              "metadata": {},
              "object": "tax_rate",
              "percentage": 19,
              "state": null,
              "tax_type": "vat",
              "flat_amount": {
                "amount": 1413853096,
                "currency": "currency"
              },
              "rate_type": null
            }
          ],
          "type": "invoice_line_item",
          "unit_amount": null,
          "unit_amount_decimal": null,
          "pretax_credit_amounts": [
            {
              "amount": 1413853096,
              "type": "credit_balance_transaction"
            }
          ],
          "taxes": null,
          "metadata": null
        },
        {
          "amount": 500,
          "description": "Service credit",
          "discount_amount": 0,
          "discount_amounts": [],
          "id": "cnli_1Pgc75B7WZ01zgkW9m0EaOVh",
          "livemode": false,
          "object": "credit_note_line_item",
          "quantity": 1,
          "tax_rates": [],
          "type": "custom_line_item",
          "unit_amount": 500,
          "unit_amount_decimal": "500",
          "pretax_credit_amounts": [
            {
              "amount": 1413853096,
              "type": "credit_balance_transaction"
            }
          ],
          "taxes": null,
          "metadata": null
        }
      ],
      "has_more": false,
      "object": "list",
      "url": "/v1/credit_notes/cn_1Pgc75B7WZ01zgkWJMPt5riP/lines"
    },
    "livemode": false,
    "memo": null,
    "metadata": {},
    "number": "ABCD-1234-CN-01",
    "object": "credit_note",
    "out_of_band_amount": null,
    "pdf": "https://sangeekp-15t6ai--manage-mydev.dev.stripe.me/credit_notes/acct_1PgafTB7WZ01zgkW/cnst_123456789/pdf?s=ap",
    "shipping_cost": {
      "amount_subtotal": 1555417355,
      "amount_tax": 1424534716,
      "amount_total": 1117121693,
      "shipping_rate": null
    },
    "status": "issued",
    "subtotal": 1690,
    "subtotal_excluding_tax": 1690,
    "total": 1690,
    "total_excluding_tax": null,
    "type": "pre_payment",
    "voided_at": 1234567890,
    "pretax_credit_amounts": [
      {
        "amount": 1413853096,
        "type": "credit_balance_transaction"
      }
    ],
    "total_taxes": null,
    "refunds": [
      {
        "amount_refunded": 1387154914,
        "refund": "refund",
        "payment_record_refund": {
          "payment_record": "payment_record",
          "refund_group": "refund_group"
        },
        "type": null
      }
    ],
    "post_payment_amount": 1355257296,
    "pre_payment_amount": 251024947,
    "reason": null,
    "customer_account": null
  },
  "credit_note_line_item": {
    "amount": 1000,
    "description": "My First Invoice Item (created for API docs)",
    "discount_amount": 0,
    "discount_amounts": [],
    "id": "cnli_1Pgc75B7WZ01zgkWPb1sOn7l",
    "invoice_line_item": "il_1Pgc75B7WZ01zgkWOwaRplc5",
    "livemode": false,
    "object": "credit_note_line_item",
    "quantity": 1,
    "tax_rates": [],
    "type": "invoice_line_item",
    "unit_amount": null,
    "unit_amount_decimal": null,
    "pretax_credit_amounts": [
      {
        "amount": 1413853096,
        "type": "credit_balance_transaction"
      }
    ],
    "taxes": null,
    "metadata": null
  },
  "customer": {
    "address": {
      "city": null,
      "country": null,
      "line1": null,
      "line2": null,
      "postal_code": null,
      "state": null
    },
    "balance": 0,
    "created": 1234567890,
    "currency": "usd",
    "default_source": null,
    "delinquent": false,
    "description": null,
    "discount": {
      "checkout_session": null,
      "customer": null,
      "end": null,
      "id": "obj_123",
      "invoice": null,
      "invoice_item": null,
      "object": "discount",
      "promotion_code": null,
      "start": 109757538,
      "subscription": null,
      "subscription_item": null,
      "source": {
        "coupon": null,
        "type": "coupon"
      },
      "customer_account": null
    },
    "email": null,
    "id": "cus_QXg1o8vcGmoR32",
    "invoice_prefix": "7FE1103",
    "invoice_settings": {
      "custom_fields": null,
      "default_payment_method": null,
      "footer": null,
      "rendering_options": {
        "amount_tax_display": null,
        "template": null
      }
    },
    "livemode": false,
    "metadata": {},
    "name": null,
    "next_invoice_sequence": 1,
    "object": "customer",
    "phone": null,
    "preferred_locales": [],
    "shipping": {},
    "tax_exempt": "none",
    "test_clock": null
  },
  "customer_balance_transaction": {
    "amount": -500,
    "created": 1234567890,
    "credit_note": null,
    "currency": "usd",
    "customer": "cus_QXg1o8vcGmoR32",
    "description": null,
    "ending_balance": -500,
    "id": "cbtxn_1Pgc75B7WZ01zgkWgM0DfYYl",
    "invoice": null,
    "livemode": false,
    "metadata": null,
    "object": "customer_balance_transaction",
    "type": "adjustment",
    "checkout_session": null,
    "customer_account": null
  },
  "customer_cash_balance_transaction": {
    "created": 1234567890,
    "currency": "eur",
    "customer": "cus_QXg1o8vcGmoR32",
    "ending_balance": 10000,
    "funded": {
      "bank_transfer": {
        "eu_bank_transfer": {
          "bic": "BANKDEAAXXX",
          "iban_last4": "7089",
          "sender_name": "Sample Business GmbH"
        },
        "reference": "Payment for Invoice 7FE1103-155",
        "type": "eu_bank_transfer"
      }
    },
    "id": "ccsbtxn_1Pgc75B7WZ01zgkWzdJj4ufI",
    "livemode": false,
    "net_amount": 5000,
    "object": "customer_cash_balance_transaction",
    "type": "funded",
    "customer_account": null
  },
  "customer_session": {
    "client_secret": "cuss_secret_QXhWeUEtZoDV8FHnNbPiBHmAkXKnqYLGMGq7LLf8ODSQ8gL",
    "components": {
      "buy_button": {
        "enabled": false
      },
      "payment_element": {
        "enabled": false,
        "features": {
          "payment_method_allow_redisplay_filters": [
            "unspecified"
          ],
          "payment_method_redisplay": "disabled",
          "payment_method_redisplay_limit": null,
          "payment_method_remove": "enabled",
          "payment_method_save": "disabled",
          "payment_method_save_usage": null
        }
      },
      "pricing_table": {
        "enabled": true
      },
      "customer_sheet": {
        "enabled": true,
        "features": {
          "payment_method_allow_redisplay_filters": null,
          "payment_method_remove": null
        }
      },
      "mobile_payment_element": {
        "enabled": true,
        "features": {
          "payment_method_allow_redisplay_filters": null,
          "payment_method_redisplay": null,
          "payment_method_remove": null,
          "payment_method_save": null,
          "payment_method_save_allow_redisplay_override": null
        }
      }
    },
    "created": 1234567890,
    "customer": "cus_QXg1o8vcGmoR32",
    "expires_at": 1234567890,
    "livemode": false,
    "object": "customer_session",
    "customer_account": null
  },
  "deleted_account": {
    "deleted": true,
    "id": "acct_1PgafTB7WZ01zgkW",
    "object": "account"
  },
  "deleted_apple_pay_domain": {
    "deleted": true,
    "id": "apwc_1Pgc6oB7WZ01zgkWHz71O4bz",
    "object": "apple_pay_domain"
  },
  "deleted_application": {
    "deleted": true,
    "id": "obj_123",
    "name": null,
    "object": "application"
  },
  "deleted_bank_account": {
    "deleted": true,
    "id": "obj_123",
    "object": "bank_account"
  },
  "deleted_card": {
    "deleted": true,
    "id": "obj_123",
    "object": "card"
  },
  "deleted_coupon": {
    "deleted": true,
    "id": "Z4OV52SU",
    "object": "coupon"
  },
  "deleted_customer": {
    "deleted": true,
    "id": "cus_QXg1o8vcGmoR32",
    "object": "customer"
  },
  "deleted_discount": {
    "deleted": true,
    "id": "",
    "object": "discount",
    "start": 1234567890,
    "checkout_session": null,
    "customer": null,
    "invoice": null,
    "invoice_item": null,
    "promotion_code": null,
    "subscription": null,
    "subscription_item": null,
    "source": {
      "coupon": null,
      "type": "coupon"
    },
    "customer_account": null
  },
  "deleted_external_account": {
    "deleted": true,
    "id": "ba_1PgagAB7WZ01zgkWr3DySp2Q",
    "object": "bank_account"
  },
  "deleted_invoice": {
    "deleted": true,
    "id": "in_1Pgc6tB7WZ01zgkWu9fdqL6I",
    "object": "invoice"
  },
  "deleted_invoiceitem": {
    "deleted": true,
    "id": "ii_1Pgc6sB7WZ01zgkWrG16hkdl",
    "object": "invoiceitem"
  },
  "deleted_payment_source": {
    "deleted": true,
    "id": "ba_1PgagAB7WZ01zgkWr3DySp2Q",
    "object": "bank_account"
  },
  "deleted_person": {
    "deleted": true,
    "id": "person_1Pgc6oB7WZ01zgkWnmLL70wS",
    "object": "person"
  },
  "deleted_plan": {
    "deleted": true,
    "id": "price_1PgafmB7WZ01zgkW6dKueIc5",
    "object": "plan"
  },
  "deleted_price": {
    "deleted": true,
    "id": "obj_123",
    "object": "price"
  },
  "deleted_product": {
    "deleted": true,
    "id": "prod_QXg1hqf4jFNsqG",
    "object": "product"
  },
  "deleted_product_feature": {
    "deleted": true,
    "id": "prodft_BcMBZUWCIOEgEc",
    "object": "product_feature"
  },
  "deleted_subscription_item": {
    "deleted": true,
    "id": "si_QXhVBoJ7NQdNXh",
    "object": "subscription_item"
  },
  "deleted_tax_id": {
    "deleted": true,
    "id": "txi_1Pgc6sB7WZ01zgkWXkvC78jZ",
    "object": "tax_id"
  },
  "deleted_webhook_endpoint": {
    "deleted": true,
    "id": "we_1Pgc6yB7WZ01zgkWzAudq4eU",
    "object": "webhook_endpoint"
  },
  "discount": {
    "checkout_session": null,
    "customer": "cus_QXg1o8vcGmoR32",
    "end": 1234567890,
    "id": "di_1Pgc6rB7WZ01zgkW7Al8Fal9",
    "invoice": null,
    "invoice_item": null,
    "object": "discount",
    "promotion_code": null,
    "start": 1234567890,
    "subscription": null,
    "subscription_item": null,
    "source": {
      "coupon": null,
      "type": "coupon"
    },
    "customer_account": null
  },
  "dispute": {
    "amount": 1000,
    "balance_transactions": [],
    "charge": "ch_1PgafuB7WZ01zgkWXYmPNZs8",
    "created": 1234567890,
    "currency": "usd",
    "evidence": {
      "access_activity_log": null,
      "billing_address": null,
      "cancellation_policy": null,
      "cancellation_policy_disclosure": null,
      "cancellation_rebuttal": null,
      "customer_communication": null,
      "customer_email_address": null,
      "customer_name": null,
      "customer_purchase_ip": null,
      "customer_signature": null,
      "duplicate_charge_documentation": null,
      "duplicate_charge_explanation": null,
      "duplicate_charge_id": null,
      "product_description": null,
      "receipt": null,
      "refund_policy": null,
      "refund_policy_disclosure": null,
      "refund_refusal_explanation": null,
      "service_date": null,
      "service_documentation": null,
      "shipping_address": null,
      "shipping_carrier": null,
      "shipping_date": null,
      "shipping_documentation": null,
      "shipping_tracking_number": null,
      "uncategorized_file": null,
      "uncategorized_text": null,
      "enhanced_evidence": {}
    },
    "evidence_details": {
      "due_by": 1723679999,
      "has_evidence": false,
      "past_due": false,
      "submission_count": 0,
      "enhanced_eligibility": {}
    },
    "id": "dp_1Pgc71B7WZ01zgkWMevJiAUx",
    "is_charge_refundable": true,
    "livemode": false,
    "metadata": {},
    "object": "dispute",
    "payment_intent": null,
    "payment_method_details": {
      "card": {
        "brand": "visa",
        "case_type": "inquiry",
        "network_reason_code": "10.4",
        "network": "visa"
      },
      "type": "card"
    },
    "reason": "general",
    "status": "warning_needs_response",
    "enhanced_eligibility_types": [
      "visa_compelling_evidence_3"
    ]
  },
  "ephemeral_key": {
    "created": 1234567890,
    "expires": 1234567890,
    "id": "ephkey_1Pgc6sB7WZ01zgkWtBC5cOXH",
    "livemode": false,
    "object": "ephemeral_key"
  },
  "event": {
    "api_version": null,
    "created": 1234567890,
    "data": {
      "object": {
        "active": true,
        "aggregate_usage": null,
        "amount": 2000,
        "amount_decimal": "2000",
        "billing_scheme": "per_unit",
        "created": 1721948530,
        "currency": "usd",
        "id": "price_1PgafmB7WZ01zgkW6dKueIc5",
        "interval": "month",
        "interval_count": 1,
        "livemode": false,
        "metadata": {},
        "meter": null,
        "nickname": null,
        "object": "plan",
        "product": "prod_QXg1hqf4jFNsqG",
        "tiers_mode": null,
        "transform_usage": null,
        "trial_period_days": null,
        "usage_type": "licensed"
      }
    },
    "id": "evt_1Pgc76B7WZ01zgkWwyRHS12y",
    "livemode": false,
    "object": "event",
    "pending_webhooks": 0,
    "request": {
      "id": null,
      "idempotency_key": null
    },
    "type": "plan.created"
  },
  "exchange_rate": {
    "id": "rate_7573642d636164",
    "object": "exchange_rate",
    "rates": {}
  },
  "external_account": {
    "account_holder_name": "Jane Austen",
    "account_holder_type": "company",
    "account_type": null,
    "bank_name": "STRIPE TEST BANK",
    "country": "US",
    "currency": "usd",
    "customer": null,
    "fingerprint": "AuoSJ18zsVWV9SPc",
    "id": "ba_1PgagAB7WZ01zgkWr3DySp2Q",
    "last4": "6789",
    "metadata": {},
    "object": "bank_account",
    "routing_number": "110000000",
    "status": "new"
  },
  "fee_refund": {
    "amount": 100,
    "balance_transaction": null,
    "created": 1234567890,
    "currency": "usd",
    "fee": "fee_1Pgc6zB7WZ01zgkWOMh2at1m",
    "id": "fr_1Pgc70B7WZ01zgkWSr1ANtFu",
    "metadata": {},
    "object": "fee_refund"
  },
  "file": {
    "created": 1234567890,
    "expires_at": 1234567890,
    "filename": "file_1Pgag2B7WZ01zgkWITx3dIQc",
    "id": "file_1Pgag2B7WZ01zgkWITx3dIQc",
    "links": {
      "data": [
        {
          "created": 1721954068,
          "expired": false,
          "expires_at": null,
          "file": "file_1Pgag2B7WZ01zgkWITx3dIQc",
          "id": "link_1Pgc76B7WZ01zgkWPhd77i13",
          "livemode": false,
          "metadata": {},
          "object": "file_link",
          "url": "https://sangeekp-15t6ai--upload-mydev.dev.stripe.me/links/MDB8YWNjdF8xUGdhZlRCN1daMDF6Z2tXfGZsX3Rlc3Rfb0Jkam9sNHdEZUpXRHUzSGhXNTRkZDI500qGiHOxxv"
        },
        {
          "created": 1721950452,
          "expired": false,
          "expires_at": null,
          "file": "file_1Pgag2B7WZ01zgkWITx3dIQc",
          "id": "link_1PgbAmB7WZ01zgkW3pu4fR4P",
          "livemode": false,
          "metadata": {},
          "object": "file_link",
          "url": "https://sangeekp-15t6ai--upload-mydev.dev.stripe.me/links/MDB8YWNjdF8xUGdhZlRCN1daMDF6Z2tXfGZsX3Rlc3RfWm9xd1F0dDBtbXQ4Z1dKNzlONGh1eWpB00LxTveMUm"
        },
        {
          "created": 1721950452,
          "expired": false,
          "expires_at": null,
          "file": "file_1Pgag2B7WZ01zgkWITx3dIQc",
          "id": "link_1PgbAmB7WZ01zgkWwbZvcvQ8",
          "livemode": false,
          "metadata": {},
          "object": "file_link",
          "url": "https://sangeekp-15t6ai--upload-mydev.dev.stripe.me/links/MDB8YWNjdF8xUGdhZlRCN1daMDF6Z2tXfGZsX3Rlc3RfSG53SzROQjd1eW5CalpJNWZXVTNCWkJP00ezD17LP8"
        },
        {
          "created": 1721949627,
          "expired": false,
          "expires_at": null,
          "file": "file_1Pgag2B7WZ01zgkWITx3dIQc",
          "id": "link_1PgaxTB7WZ01zgkWjUTJLaVH",
          "livemode": false,
          "metadata": {},
          "object": "file_link",
          "url": "https://sangeekp-15t6ai--upload-mydev.dev.stripe.me/links/MDB8YWNjdF8xUGdhZlRCN1daMDF6Z2tXfGZsX3Rlc3RfbUJMZHhvRlhBUjJ5Sk44RnNZdU5pc3JW00dVoJx2Tt"
        },
        {
          "created": 1721949626,
          "expired": false,
          "expires_at": null,
          "file": "file_1Pgag2B7WZ01zgkWITx3dIQc",
          "id": "link_1PgaxSB7WZ01zgkWTnPuQ3DJ",
          "livemode": false,
          "metadata": {},
          "object": "file_link",
          "url": "https://sangeekp-15t6ai--upload-mydev.dev.stripe.me/links/MDB8YWNjdF8xUGdhZlRCN1daMDF6Z2tXfGZsX3Rlc3RfN1NDVWF0ZXB5bUQxZDVOOU00UWRjMEJW00s1CyRs6z"
        },
        {
          "created": 1721948546,
          "expired": false,
          "expires_at": null,
          "file": "file_1Pgag2B7WZ01zgkWITx3dIQc",
          "id": "link_1Pgag2B7WZ01zgkWT1SijPEZ",
          "livemode": false,
          "metadata": {},
          "object": "file_link",
          "url": "https://sangeekp-15t6ai--upload-mydev.dev.stripe.me/links/MDB8YWNjdF8xUGdhZlRCN1daMDF6Z2tXfGZsX3Rlc3RfWFc0dDAzZVB6eExGV3kzMWpwaUFqZDlW0041cNM6yo"
        }
      ],
      "has_more": false,
      "object": "list",
      "url": "/v1/file_links?file=file_1Pgag2B7WZ01zgkWITx3dIQc"
    },
    "object": "file",
    "purpose": "dispute_evidence",
    "size": 9863,
    "title": null,
    "type": "png",
    "url": "https://sangeekp-15t6ai--upload-mydev.dev.stripe.me/v1/files/file_1Pgag2B7WZ01zgkWITx3dIQc/contents"
  },
  "file_link": {
    "created": 1234567890,
    "expired": false,
    "expires_at": 1234567890,
    "file": "file_1Pgag2B7WZ01zgkWITx3dIQc",
    "id": "link_1Pgc76B7WZ01zgkWPhd77i13",
    "livemode": false,
    "metadata": {},
    "object": "file_link",
    "url": "https://sangeekp-15t6ai--upload-mydev.dev.stripe.me/links/MDB8YWNjdF8xUGdhZlRCN1daMDF6Z2tXfGZsX3Rlc3Rfb0Jkam9sNHdEZUpXRHUzSGhXNTRkZDI500qGiHOxxv"
  },
  "funding_instructions": {
    "bank_transfer": {
      "country": "US",
      "financial_addresses": [
        {
          "supported_networks": [
            "ach",
            "domestic_wire_us"
          ],
          "type": "aba"
        }
      ],
      "type": "eu_bank_transfer"
    },
    "currency": "usd",
    "funding_type": "bank_transfer",
    "livemode": false,
    "object": "funding_instructions"
  },
  "invoice": {
    "account_country": "US",
    "account_name": null,
    "account_tax_ids": null,
    "amount_due": 1000,
    "amount_paid": 0,
    "amount_remaining": 1000,
    "amount_shipping": 0,
    "application": null,
    "attempt_count": 0,
    "attempted": false,
    "auto_advance": false,
    "automatic_tax": {
      "enabled": false,
      "liability": {
        "type": "account"
      },
      "status": null,
      "disabled_reason": null,
      "provider": null
    },
    "billing_reason": "manual",
    "collection_method": "charge_automatically",
    "created": 1234567890,
    "currency": "usd",
    "custom_fields": null,
    "customer": "cus_QXg1o8vcGmoR32",
    "customer_address": {
      "city": null,
      "country": null,
      "line1": null,
      "line2": null,
      "postal_code": null,
      "state": null
    },
    "customer_email": null,
    "customer_name": null,
    "customer_phone": null,
    "customer_shipping": {},
    "customer_tax_exempt": "none",
    "customer_tax_ids": [],
    "default_payment_method": null,
    "default_source": null,
    "default_tax_rates": [],
    "description": null,
    "discounts": [],
    "due_date": 1234567890,
    "effective_at": 1234567890,
    "ending_balance": null,
    "footer": null,
    "from_invoice": {
      "action": "action",
      "invoice": "invoice"
    },
    "hosted_invoice_url": null,
    "id": "in_1Pgc6tB7WZ01zgkWu9fdqL6I",
    "invoice_pdf": null,
    "issuer": {
      "type": "self"
    },
    "last_finalization_error": {
      "type": "idempotency_error"
    },
    "latest_revision": null,
    "lines": {
      "data": [
        {
          "amount": 1000,
          "currency": "usd",
          "description": "My First Invoice Item (created for API docs)",
          "discount_amounts": [],
          "discountable": true,
          "discounts": [],
          "id": "il_1Pgc6sB7WZ01zgkWFnxLrLCq",
          "invoice": "in_1Pgc6tB7WZ01zgkWu9fdqL6I",
          "livemode": false,
          "metadata": {},
          "object": "line_item",
          "period": {
            "end": 1721954054,
            "start": 1721954054
          },
          "quantity": 1,
          "subscription": null,
          "pretax_credit_amounts": null,
          "taxes": null,
          "parent": {
            "invoice_item_details": {
              "invoice_item": "invoice_item",
              "proration": true,
              "proration_details": {
                "credited_items": {
                  "invoice": "invoice",
                  "invoice_line_items": [
                    "invoice_line_items"
                  ]
                }
              },
              "subscription": null
            },
            "subscription_item_details": {
              "invoice_item": null,
              "proration": true,
              "proration_details": {
                "credited_items": {
                  "invoice": "invoice",
                  "invoice_line_items": [
                    "invoice_line_items"
                  ]
                }
              },
              "subscription": "subscription",
              "subscription_item": "subscription_item"
            },
            "type": "invoice_item_details"
          },
          "pricing": {
            "type": "price_details",
            "unit_amount_decimal": null
          },
          "subtotal": 2060319484,
          "quantity_decimal": null
        }
      ],
      "has_more": false,
      "object": "list",
      "url": "/v1/invoices/in_1Pgc6tB7WZ01zgkWu9fdqL6I/lines"
    },
    "livemode": false,
    "metadata": {},
    "next_payment_attempt": 1234567890,
    "number": null,
    "object": "invoice",
    "on_behalf_of": null,
    "payment_settings": {
      "default_mandate": null,
      "payment_method_options": {
        "acss_debit": {},
        "bancontact": {
          "preferred_language": "fr"
        },
        "card": {
          "request_three_d_secure": null
        },
        "customer_balance": {
          "funding_type": null
        },
        "konbini": {},
        "sepa_debit": {},
        "us_bank_account": {},
        "payto": {},
        "pix": {
          "amount_includes_iof": null
        },
        "upi": {}
      },
      "payment_method_types": null
    },
    "period_end": 1234567890,
    "period_start": 1234567890,
    "post_payment_credit_notes_amount": 0,
    "pre_payment_credit_notes_amount": 0,
    "receipt_number": null,
    "rendering": {
      "amount_tax_display": null,
      "pdf": {
        "page_size": null
      },
      "template": null,
      "template_version": null
    },
    "shipping_cost": {
      "amount_subtotal": 1555417355,
      "amount_tax": 1424534716,
      "amount_total": 1117121693,
      "shipping_rate": null
    },
    "shipping_details": {},
    "starting_balance": 0,
    "statement_descriptor": null,
    "status": "draft",
    "status_transitions": {
      "finalized_at": null,
      "marked_uncollectible_at": null,
      "paid_at": null,
      "voided_at": null
    },
    "subscription": null,
    "subtotal": 1000,
    "subtotal_excluding_tax": 1000,
    "test_clock": null,
    "total": 1000,
    "total_discount_amounts": [],
    "total_excluding_tax": 1000,
    "webhooks_delivered_at": 1234567890,
    "automatically_finalizes_at": null,
    "total_pretax_credit_amounts": null,
    "total_taxes": null,
    "amount_overpaid": 149300825,
    "parent": {
      "quote_details": {
        "quote": "quote"
      },
      "subscription_details": {
        "metadata": null,
        "subscription": "subscription"
      },
      "type": "quote_details"
    },
    "customer_account": null
  },
  "invoice_payment": {
    "amount_paid": null,
    "amount_requested": 1112626247,
    "created": 1028554472,
    "currency": "currency",
    "id": "obj_123",
    "invoice": "invoice",
    "is_default": true,
    "livemode": true,
    "object": "invoice_payment",
    "payment": {
      "type": "payment_intent"
    },
    "status": "status",
    "status_transitions": {
      "canceled_at": null,
      "paid_at": null
    }
  },
  "invoice_rendering_template": {
    "created": 1028554472,
    "id": "obj_123",
    "livemode": true,
    "metadata": null,
    "nickname": null,
    "object": "invoice_rendering_template",
    "status": "active",
    "version": 351608024
  },
  "invoiceitem": {
    "amount": 1000,
    "currency": "usd",
    "customer": "cus_QXg1o8vcGmoR32",
    "date": 1234567890,
    "description": "My First Invoice Item (created for API docs)",
    "discountable": true,
    "discounts": [],
    "id": "ii_1Pgc6sB7WZ01zgkWrG16hkdl",
    "invoice": null,
    "livemode": false,
    "metadata": {},
    "object": "invoiceitem",
    "period": {
      "end": 1721954054,
      "start": 1721954054
    },
    "proration": false,
    "quantity": 1,
    "tax_rates": [],
    "test_clock": null,
    "parent": {
      "subscription_details": {
        "subscription": "subscription"
      },
      "type": "subscription_details"
    },
    "pricing": {
      "type": "price_details",
      "unit_amount_decimal": null
    },
    "net_amount": 708769478,
    "customer_account": null,
    "quantity_decimal": "174352450"
  },
  "item": {
    "amount_discount": 0,
    "amount_subtotal": 0,
    "amount_tax": 0,
    "amount_total": 0,
    "currency": "usd",
    "description": "T-shirt",
    "id": "li_1Pgc73B7WZ01zgkWx8kcmZPK",
    "object": "item",
    "price": {
      "active": true,
      "billing_scheme": "per_unit",
      "created": 1721948530,
      "currency": "usd",
      "custom_unit_amount": {
        "maximum": null,
        "minimum": null,
        "preset": null
      },
      "id": "price_1PgafmB7WZ01zgkW02Hf9z6c",
      "livemode": false,
      "lookup_key": null,
      "metadata": {},
      "nickname": null,
      "object": "price",
      "product": "prod_QXg1hqf4jFNsqG",
      "recurring": {
        "interval": "month",
        "interval_count": 797691627,
        "meter": null,
        "trial_period_days": null,
        "usage_type": "licensed"
      },
      "tax_behavior": "unspecified",
      "tiers_mode": null,
      "transform_quantity": {
        "divide_by": 1592560163,
        "round": "down"
      },
      "type": "one_time",
      "unit_amount": 1000,
      "unit_amount_decimal": "1000"
    },
    "quantity": 1,
    "metadata": null,
    "adjustable_quantity": {
      "enabled": true,
      "maximum": null,
      "minimum": null
    }
  },
  "line_item": {
    "amount": 1000,
    "currency": "usd",
    "description": "My First Invoice Item (created for API docs)",
    "discount_amounts": [],
    "discountable": true,
    "discounts": [],
    "id": "il_tmp_1Pgc6sB7WZ01zgkWrG16hkdl",
    "invoice": "in_1Pgc6tB7WZ01zgkWu9fdqL6I",
    "livemode": false,
    "metadata": {},
    "object": "line_item",
    "period": {
      "end": 1721954054,
      "start": 1721954054
    },
    "quantity": 1,
    "subscription": null,
    "pretax_credit_amounts": null,
    "taxes": null,
    "parent": {
      "invoice_item_details": {
        "invoice_item": "invoice_item",
        "proration": true,
        "proration_details": {
          "credited_items": {
            "invoice": "invoice",
            "invoice_line_items": [
              "invoice_line_items"
            ]
          }
        },
        "subscription": null
      },
      "subscription_item_details": {
        "invoice_item": null,
        "proration": true,
        "proration_details": {
          "credited_items": {
            "invoice": "invoice",
            "invoice_line_items": [
              "invoice_line_items"
            ]
          }
        },
        "subscription": "subscription",
        "subscription_item": "subscription_item"
      },
      "type": "invoice_item_details"
    },
    "pricing": {
      "type": "price_details",
      "unit_amount_decimal": null
    },
    "subtotal": 2060319484,
    "quantity_decimal": null
  },
  "login_link": {
    "created": 1234567890,
    "object": "login_link",
    "url": "https://sangeekp-15t6ai--manage-mydev.dev.stripe.me/express/acct_1PgafTB7WZ01zgkW/ehJImT2clfHr"
  },
  "mandate": {
    "customer_acceptance": {
      "accepted_at": 123456789,
      "online": {
        "ip_address": "127.0.0.0",
        "user_agent": "device"
      },
      "type": "online"
    },
    "id": "mandate_1Pgc78B7WZ01zgkW9EfgTVki",
    "livemode": false,
    "multi_use": {},
    "object": "mandate",
    "payment_method": "pm_123456789",
    "payment_method_details": {
      "sepa_debit": {
        "reference": "123456789",
        "url": ""
      },
      "type": "sepa_debit"
    },
    "status": "active",
    "type": "multi_use"
  },
  "payment_attempt_record": {
    "amount": {
      "currency": "usd",
      "value": 111972721
    },
    "amount_authorized": {
      "currency": "usd",
      "value": 111972721
    },
    "amount_canceled": {
      "currency": "usd",
      "value": 111972721
    },
    "amount_failed": {
      "currency": "usd",
      "value": 111972721
    },
    "amount_guaranteed": {
      "currency": "usd",
      "value": 111972721
    },
    "amount_refunded": {
      "currency": "usd",
      "value": 111972721
    },
    "amount_requested": {
      "currency": "usd",
      "value": 111972721
    },
    "application": null,
    "created": 1028554472,
    "customer_details": {
      "customer": null,
      "email": null,
      "name": null,
      "phone": null
    },
    "customer_presence": null,
    "description": null,
    "id": "obj_123",
    "livemode": true,
    "metadata": {
      "key": "metadata"
    },
    "object": "payment_attempt_record",
    "payment_method_details": {
      "billing_details": {
        "address": {
          "city": null,
          "country": null,
          "line1": null,
          "line2": null,
          "postal_code": null,
          "state": null
        },
        "email": null,
        "name": null,
        "phone": null
      },
      "payment_method": null,
      "type": "type"
    },
    "payment_record": null,
    "processor_details": {
      "type": "custom"
    },
    "reported_by": "stripe",
    "shipping_details": {
      "address": {
        "city": null,
        "country": null,
        "line1": null,
        "line2": null,
        "postal_code": null,
        "state": null
      },
      "name": null,
      "phone": null
    }
  },
  "payment_intent": {
    "amount": 1099,
    "amount_capturable": 0,
    "amount_details": {
      "tip": {}
    },
    "amount_received": 0,
    "application": null,
    "application_fee_amount": null,
    "automatic_payment_methods": {
      "enabled": true
    },
    "canceled_at": 1234567890,
    "cancellation_reason": null,
    "capture_method": "automatic",
    "client_secret": "pi_1PgafyB7WZ01zgkWSjxsAJo3_secret_Dm43xiq1k0ywrRRjDoi8y1gkM",
    "confirmation_method": "automatic",
    "created": 1234567890,
    "currency": "usd",
    "customer": null,
    "description": null,
    "id": "pi_1PgafyB7WZ01zgkWSjxsAJo3",
    "last_payment_error": {
      "type": "idempotency_error"
    },
    "latest_charge": null,
    "livemode": false,
    "metadata": {},
    "next_action": {
      "type": "type"
    },
    "object": "payment_intent",
    "on_behalf_of": null,
    "payment_method": null,
    "payment_method_configuration_details": {
      "id": "obj_123",
      "parent": null
    },
    "payment_method_options": {},
    "payment_method_types": [
      "card"
    ],
    "processing": {
      "type": "card"
    },
    "receipt_email": null,
    "review": null,
    "setup_future_usage": null,
    "shipping": {},
    "statement_descriptor": null,
    "statement_descriptor_suffix": null,
    "status": "requires_payment_method",
    "transfer_data": {
      "destination": {
        "id": "obj_123",
        "object": "account"
      }
    },
    "transfer_group": null,
    "source": null,
    "excluded_payment_method_types": null,
    "customer_account": null,
    "managed_payments": {
      "enabled": true
    }
  },
  "payment_intent_amount_details_line_item": {
    "discount_amount": null,
    "id": "obj_123",
    "object": "payment_intent_amount_details_line_item",
    "payment_method_options": {},
    "product_code": null,
    "product_name": "product_name",
    "quantity": 1285004149,
    "tax": {
      "total_tax_amount": 1109208903
    },
    "unit_cost": 472784472,
    "unit_of_measure": null
  },
  "payment_link": {
    "active": true,
    "after_completion": {
      "hosted_confirmation": {
        "custom_message": null
      },
      "type": "hosted_confirmation"
    },
    "allow_promotion_codes": false,
    "application": null,
    "application_fee_amount": null,
    "application_fee_percent": null,
    "automatic_tax": {
      "enabled": false,
      "liability": {
        "type": "account"
      }
    },
    "billing_address_collection": "auto",
    "consent_collection": {
      "payment_method_reuse_agreement": {
        "position": "hidden"
      },
      "promotions": null,
      "terms_of_service": null
    },
    "currency": "usd",
    "custom_fields": [],
    "custom_text": {
      "after_submit": {
        "message": "message"
      },
      "shipping_address": {
        "message": "message"
      },
      "submit": {
        "message": "message"
      },
      "terms_of_service_acceptance": {
        "message": "message"
      }
    },
    "customer_creation": "if_required",
    "id": "plink_1Pgc78B7WZ01zgkWC75kX0jg",
    "inactive_message": null,
    "invoice_creation": {
      "enabled": true,
      "invoice_data": {
        "account_tax_ids": null,
        "custom_fields": null,
        "description": null,
        "footer": null,
        "issuer": {
          "type": "account"
        },
        "metadata": null,
        "rendering_options": {
          "amount_tax_display": null,
          "template": null
        }
      }
    },
    "livemode": false,
    "metadata": {},
    "object": "payment_link",
    "on_behalf_of": null,
    "payment_intent_data": {
      "capture_method": null,
      "description": null,
      "metadata": {
        "undefined": "metadata"
      },
      "setup_future_usage": null,
      "statement_descriptor": null,
      "statement_descriptor_suffix": null,
      "transfer_group": null
    },
    "payment_method_collection": "if_required",
    "payment_method_types": null,
    "phone_number_collection": {
      "enabled": false
    },
    "restrictions": {
      "completed_sessions": {
        "count": 94851343,
        "limit": 102976443
      }
    },
    "shipping_address_collection": {
      "allowed_countries": [
        "SC"
      ]
    },
    "shipping_options": [],
    "submit_type": "auto",
    "subscription_data": {
      "description": null,
      "invoice_settings": {
        "issuer": {
          "type": "account"
        }
      },
      "metadata": {
        "undefined": "metadata"
      },
      "trial_period_days": null,
      "trial_settings": {
        "end_behavior": {
          "missing_payment_method": "cancel"
        }
      }
    },
    "tax_id_collection": {
      "enabled": false,
      "required": "never"
    },
    "transfer_data": {
      "amount": null,
      "destination": {
        "id": "obj_123",
        "object": "account"
      }
    },
    "url": "https://sangeekp-15t6ai--payment_links_ingress-mydev.dev.stripe.me/test_eVa16Q1Vd7yU1Ne8ww",
    "managed_payments": {
      "enabled": true
    },
    "payment_method_options": {
      "card": {
        "restrictions": {
          "brands_blocked": [
            "discover_global_network"
          ]
        }
      }
    }
  },
  "payment_method": {
    "allow_redisplay": "unspecified",
    "billing_details": {
      "address": {
        "city": "San Francisco",
        "country": "US",
        "line1": "1234 Fake Street",
        "line2": null,
        "postal_code": "94102",
        "state": "CA"
      },
      "email": "jenny@example.com",
      "name": null,
      "phone": "+15555555555",
      "tax_id": null
    },
    "card": {
      "brand": "visa",
      "checks": {
        "address_line1_check": null,
        "address_postal_code_check": null,
        "cvc_check": "pass"
      },
      "country": "US",
      "display_brand": "visa",
      "exp_month": 8,
      "exp_year": 2030,
      "fingerprint": "AOB934RVNwzk6xtn",
      "funding": "credit",
      "generated_from": {
        "charge": null,
        "payment_method_details": {
          "type": "type"
        },
        "setup_attempt": null
      },
      "last4": "4242",
      "networks": {
        "available": [
          "visa"
        ],
        "preferred": null
      },
      "three_d_secure_usage": {
        "supported": true
      },
      "wallet": {
        "dynamic_last4": null,
        "type": "link"
      },
      "regulated_status": null
    },
    "created": 1234567890,
    "customer": null,
    "id": "pm_1Pgc75B7WZ01zgkWlHVgdEGJ",
    "livemode": false,
    "metadata": {
      "order_id": "123456789"
    },
    "object": "payment_method",
    "type": "card",
    "customer_account": null
  },
  "payment_method_configuration": {
    "acss_debit": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "active": true,
    "affirm": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "afterpay_clearpay": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "alipay": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "amazon_pay": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "apple_pay": {
      "available": true,
      "display_preference": {
        "overridable": null,
        "preference": "on",
        "value": "on"
      }
    },
    "application": null,
    "bacs_debit": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "bancontact": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "blik": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "card": {
      "available": true,
      "display_preference": {
        "overridable": null,
        "preference": "on",
        "value": "on"
      }
    },
    "cartes_bancaires": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "cashapp": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "customer_balance": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "eps": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "giropay": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "google_pay": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "id": "pmc_1Pgc79B7WZ01zgkWe1iPon1Q",
    "ideal": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "is_default": true,
    "klarna": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "link": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "livemode": false,
    "multibanco": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "name": "Default",
    "object": "payment_method_configuration",
    "p24": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "parent": null,
    "sepa_debit": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "sofort": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "us_bank_account": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "wechat_pay": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    },
    "zip": {
      "available": false,
      "display_preference": {
        "overridable": null,
        "preference": "off",
        "value": "off"
      }
    }
  },
  "payment_method_domain": {
    "apple_pay": {
      "status": "active"
    },
    "created": 1234567890,
    "domain_name": "example.com",
    "enabled": true,
    "google_pay": {
      "status": "active"
    },
    "id": "pmd_1Pgc79B7WZ01zgkWHKCqwAQo",
    "link": {
      "status": "active"
    },
    "livemode": false,
    "object": "payment_method_domain",
    "paypal": {
      "status": "active"
    },
    "amazon_pay": {
      "status": "active"
    },
    "klarna": {
      "status": "active"
    }
  },
  "payment_record": {
    "amount": {
      "currency": "usd",
      "value": 111972721
    },
    "amount_authorized": {
      "currency": "usd",
      "value": 111972721
    },
    "amount_canceled": {
      "currency": "usd",
      "value": 111972721
    },
    "amount_failed": {
      "currency": "usd",
      "value": 111972721
    },
    "amount_guaranteed": {
      "currency": "usd",
      "value": 111972721
    },
    "amount_refunded": {
      "currency": "usd",
      "value": 111972721
    },
    "amount_requested": {
      "currency": "usd",
      "value": 111972721
    },
    "application": null,
    "created": 1028554472,
    "customer_details": {
      "customer": null,
      "email": null,
      "name": null,
      "phone": null
    },
    "customer_presence": null,
    "description": null,
    "id": "obj_123",
    "latest_payment_attempt_record": null,
    "livemode": true,
    "metadata": {
      "key": "metadata"
    },
    "object": "payment_record",
    "payment_method_details": {
      "billing_details": {
        "address": {
          "city": null,
          "country": null,
          "line1": null,
          "line2": null,
          "postal_code": null,
          "state": null
        },
        "email": null,
        "name": null,
        "phone": null
      },
      "payment_method": null,
      "type": "type"
    },
    "processor_details": {
      "type": "custom"
    },
    "shipping_details": {
      "address": {
        "city": null,
        "country": null,
        "line1": null,
        "line2": null,
        "postal_code": null,
        "state": null
      },
      "name": null,
      "phone": null
    },
    "reported_by": "stripe"
  },
  "payment_source": {
    "business_profile": {
      "annual_revenue": {
        "amount": null,
        "currency": null,
        "fiscal_year_end": null
      },
      "estimated_worker_count": null,
      "mcc": null,
      "name": null,
      "product_description": null,
      "support_address": {
        "city": null,
        "country": null,
        "line1": null,
        "line2": null,
        "postal_code": null,
        "state": null
      },
      "support_email": null,
      "support_phone": null,
      "support_url": null,
      "url": null,
      "minority_owned_business_designation": null
    },
    "business_type": null,
    "capabilities": {
      "card_payments": "active",
      "transfers": "active"
    },
    "charges_enabled": false,
    "controller": {
      "type": "account"
    },
    "country": "US",
    "created": 1721948512,
    "default_currency": "usd",
    "details_submitted": false,
    "email": "site@stripe.com",
    "external_accounts": {
      "data": [],
      "has_more": false,
      "object": "list",
      "url": "/v1/accounts/acct_1PgafTB7WZ01zgkW/external_accounts"
    },
    "future_requirements": {
      "alternatives": [],
      "current_deadline": null,
      "currently_due": [],
      "disabled_reason": null,
      "errors": [],
      "eventually_due": [],
      "past_due": [],
      "pending_verification": []
    },
    "id": "acct_1PgafTB7WZ01zgkW",
    "metadata": {},
    "object": "account",
    "payouts_enabled": false,
    "requirements": {
      "alternatives": [],
      "current_deadline": null,
      "currently_due": [
        "business_profile.product_description",
        "business_profile.support_phone",
        "business_profile.url",
        "external_account",
        "tos_acceptance.date",
        "tos_acceptance.ip"
      ],
      "disabled_reason": "requirements.past_due",
      "errors": [],
      "eventually_due": [
        "business_profile.product_description",
        "business_profile.support_phone",
        "business_profile.url",
        "external_account",
        "tos_acceptance.date",
        "tos_acceptance.ip"
      ],
      "past_due": [],
      "pending_verification": []
    },
    "settings": {
      "bacs_debit_payments": {
        "display_name": null,
        "service_user_number": null
      },
      "branding": {
        "icon": null,
        "logo": null,
        "primary_color": null,
        "secondary_color": null
      },
      "card_issuing": {
        "tos_acceptance": {
          "date": null,
          "ip": null
        }
      },
      "card_payments": {
        "decline_on": {
          "avs_failure": true,
          "cvc_failure": true
        },
        "statement_descriptor_prefix": null,
        "statement_descriptor_prefix_kana": null,
        "statement_descriptor_prefix_kanji": null
      },
      "dashboard": {
        "display_name": null,
        "timezone": "Etc/UTC"
      },
      "invoices": {
        "default_account_tax_ids": null,
        "hosted_payment_method_save": null
      },
      "payments": {
        "statement_descriptor": null,
        "statement_descriptor_kana": null,
        "statement_descriptor_kanji": null,
        "statement_descriptor_prefix_kana": null,
        "statement_descriptor_prefix_kanji": null
      },
      "payouts": {
        "debit_negative_balances": true,
        "schedule": {
          "delay_days": 2,
          "interval": "daily"
        },
        "statement_descriptor": null
      },
      "sepa_debit_payments": {}
    },
    "tos_acceptance": {
      "date": null,
      "ip": null,
      "user_agent": null
    },
    "type": "standard"
  },
  "payout": {
    "amount": 1100,
    "application_fee": null,
    "application_fee_amount": null,
    "arrival_date": 1234567890,
    "automatic": true,
    "balance_transaction": "txn_1PgaxNB7WZ01zgkWEV3TLf40",
    "created": 1234567890,
    "currency": "usd",
    "description": "STRIPE PAYOUT",
    "destination": "ba_1Pgc79B7WZ01zgkWoU5vBiXt",
    "failure_balance_transaction": null,
    "failure_code": null,
    "failure_message": null,
    "id": "po_1Pgc79B7WZ01zgkWu1KToYf4",
    "livemode": false,
    "metadata": {},
    "method": "standard",
    "object": "payout",
    "original_payout": null,
    "reconciliation_status": "completed",
    "reversed_by": null,
    "source_type": "card",
    "statement_descriptor": null,
    "status": "in_transit",
    "type": "bank_account",
    "trace_id": {
      "status": "status",
      "value": null
    },
    "payout_method": null
  },
  "person": {
    "account": "acct_1PgafTB7WZ01zgkW",
    "additional_tos_acceptances": {
      "account": {
        "date": null,
        "ip": null,
        "user_agent": null
      }
    },
    "created": 1234567890,
    "dob": {
      "day": null,
      "month": null,
      "year": null
    },
    "first_name": null,
    "future_requirements": {
      "alternatives": [],
      "currently_due": [],
      "errors": [],
      "eventually_due": [],
      "past_due": [],
      "pending_verification": []
    },
    "id": "person_1Pgc6oB7WZ01zgkWnmLL70wS",
    "id_number_provided": false,
    "last_name": null,
    "metadata": {},
    "object": "person",
    "relationship": {
      "director": false,
      "executive": false,
      "legal_guardian": false,
      "owner": false,
      "percent_ownership": null,
      "representative": false,
      "title": null,
      "authorizer": null
    },
    "requirements": {
      "alternatives": [],
      "currently_due": [],
      "errors": [],
      "eventually_due": [],
      "past_due": [],
      "pending_verification": []
    },
    "ssn_last_4_provided": false,
    "verification": {
      "additional_document": {
        "back": null,
        "details": null,
        "details_code": null,
        "front": null
      },
      "details": null,
      "details_code": null,
      "document": {
        "back": null,
        "details": null,
        "details_code": null,
        "front": null
      },
      "status": "unverified"
    }
  },
  "plan": {
    "active": true,
    "amount": 2000,
    "amount_decimal": "2000",
    "billing_scheme": "per_unit",
    "created": 1234567890,
    "currency": "usd",
    "id": "price_1PgafmB7WZ01zgkW6dKueIc5",
    "interval": "month",
    "interval_count": 1,
    "livemode": false,
    "metadata": {},
    "meter": null,
    "nickname": null,
    "object": "plan",
    "product": "prod_QXg1hqf4jFNsqG",
    "tiers_mode": null,
    "transform_usage": {
      "divide_by": 1592560163,
      "round": "down"
    },
    "trial_period_days": null,
    "usage_type": "licensed"
  },
  "price": {
    "active": true,
    "billing_scheme": "per_unit",
    "created": 1234567890,
    "currency": "usd",
    "custom_unit_amount": {
      "maximum": null,
      "minimum": null,
      "preset": null
    },
    "id": "price_1PgafmB7WZ01zgkW6dKueIc5",
    "livemode": false,
    "lookup_key": null,
    "metadata": {},
    "nickname": null,
    "object": "price",
    "product": "prod_QXg1hqf4jFNsqG",
    "recurring": {
      "interval": "month",
      "interval_count": 1,
      "meter": null,
      "usage_type": "licensed",
      "trial_period_days": null
    },
    "tax_behavior": "unspecified",
    "tiers_mode": null,
    "transform_quantity": {
      "divide_by": 1592560163,
      "round": "down"
    },
    "type": "recurring",
    "unit_amount": 2000,
    "unit_amount_decimal": "2000"
  },
  "product": {
    "active": true,
    "created": 1234567890,
    "default_price": "price_1PgafmB7WZ01zgkW02Hf9z6c",
    "description": "Comfortable gray cotton t-shirt",
    "id": "prod_QXg1hqf4jFNsqG",
    "images": [],
    "livemode": false,
    "marketing_features": [],
    "metadata": {},
    "name": "T-shirt",
    "object": "product",
    "package_dimensions": {
      "height": 1221029593,
      "length": 1106363674,
      "weight": 791592328,
      "width": 113126854
    },
    "shippable": null,
    "statement_descriptor": null,
    "tax_code": null,
    "unit_label": null,
    "updated": 1234567890,
    "url": null,
    "type": "good"
  },
  "product_feature": {
    "entitlement_feature": {
      "active": false,
      "id": "",
      "livemode": false,
      "lookup_key": "",
      "metadata": {},
      "name": "",
      "object": "entitlements.feature"
    },
    "id": "",
    "livemode": false,
    "object": "product_feature"
  },
  "promotion_code": {
    "active": false,
    "code": "FALL20",
    "created": 1234567890,
    "customer": null,
    "expires_at": 1234567890,
    "id": "promo_1Pgc79B7WZ01zgkWNy4mn5NX",
    "livemode": false,
    "max_redemptions": null,
    "metadata": {},
    "object": "promotion_code",
    "restrictions": {
      "first_time_transaction": false,
      "minimum_amount": null,
      "minimum_amount_currency": null
    },
    "times_redeemed": 0,
    "promotion": {
      "coupon": null,
      "type": "coupon"
    },
    "customer_account": null
  },
  "quote": {
    "amount_subtotal": 0,
    "amount_total": 0,
    "application": null,
    "application_fee_amount": null,
    "application_fee_percent": null,
    "automatic_tax": {
      "enabled": false,
      "liability": {
        "type": "account"
      },
      "status": null,
      "provider": null
    },
    "collection_method": "charge_automatically",
    "computed": {
      "recurring": {
        "amount_subtotal": 1555417355,
        "amount_total": 1117121693,
        "interval": "month",
        "interval_count": 797691627,
        "total_details": {
          "amount_discount": 406046392,
          "amount_shipping": null,
          "amount_tax": 1424534716
        }
      },
      "upfront": {
        "amount_subtotal": 0,
        "amount_total": 0,
        "total_details": {
          "amount_discount": 0,
          "amount_shipping": 0,
          "amount_tax": 0
        }
      }
    },
    "created": 1234567890,
    "currency": "usd",
    "customer": "cus_QXg1o8vcGmoR32",
    "default_tax_rates": [],
    "description": null,
    "discounts": [],
    "expires_at": 1234567890,
    "footer": null,
    "from_quote": {
      "is_revision": true,
      "quote": "quote"
    },
    "header": null,
    "id": "qt_1Pgc79B7WZ01zgkWHyj9Adwl",
    "invoice": null,
    "invoice_settings": {
      "days_until_due": null,
      "issuer": {
        "type": "self"
      },
      "custom_fields": null,
      "description": null,
      "footer": null
    },
    "livemode": false,
    "metadata": {},
    "number": null,
    "object": "quote",
    "on_behalf_of": null,
    "status": "draft",
    "status_transitions": {
      "accepted_at": null,
      "canceled_at": null,
      "finalized_at": null
    },
    "subscription": null,
    "subscription_data": {
      "description": null,
      "effective_date": null,
      "metadata": null,
      "trial_period_days": null,
      "billing_mode": {
        "type": "classic"
      }
    },
    "subscription_schedule": null,
    "test_clock": null,
    "total_details": {
      "amount_discount": 0,
      "amount_shipping": 0,
      "amount_tax": 0
    },
    "transfer_data": {
      "amount": null,
      "amount_percent": null,
      "destination": {
        "id": "obj_123",
        "object": "account"
      }
    },
    "customer_account": null
  },
  "refund": {
    "amount": 100,
    "balance_transaction": null,
    "charge": "ch_1PgafuB7WZ01zgkWXYmPNZs8",
    "created": 1234567890,
    "currency": "usd",
    "destination_details": {
      "card": {
        "type": "reversal"
      },
      "type": "card"
    },
    "id": "re_1Pgc72B7WZ01zgkWqPvrRrPE",
    "metadata": {},
    "object": "refund",
    "payment_intent": null,
    "reason": null,
    "receipt_number": null,
    "source_transfer_reversal": null,
    "status": "succeeded",
    "transfer_reversal": null,
    "customer": null,
    "customer_account": null,
    "payment_method": null
  },
  "review": {
    "billing_zip": null,
    "charge": "ch_1PgafuB7WZ01zgkWXYmPNZs8",
    "created": 1234567890,
    "id": "prv_1Pgc79B7WZ01zgkWT6khp5C3",
    "ip_address": null,
    "ip_address_location": {
      "city": null,
      "country": null,
      "latitude": null,
      "longitude": null,
      "region": null
    },
    "livemode": false,
    "object": "review",
    "open": true,
    "opened_reason": "rule",
    "session": {
      "browser": null,
      "device": null,
      "platform": null,
      "version": null
    },
    "closed_reason": null,
    "reason": "reason"
  },
  "scheduled_query_run": {
    "created": 1234567890,
    "data_load_time": 1234567890,
    "file": {
      "created": 1721948551,
      "expires_at": null,
      "filename": "path",
      "id": "file_1Pgag7B7WZ01zgkWJbdoNCXR",
      "links": {
        "data": [],
        "has_more": false,
        "object": "list",
        "url": "/v1/file_links?file=file_1Pgag7B7WZ01zgkWJbdoNCXR"
      },
      "object": "file",
      "purpose": "sigma_scheduled_query",
      "size": 500,
      "title": null,
      "type": "csv",
      "url": "https://sangeekp-15t6ai--upload-mydev.dev.stripe.me/v1/files/file_1Pgag7B7WZ01zgkWJbdoNCXR/contents"
    },
    "id": "sqr_1Pgc7AB7WZ01zgkWvpIic1Di",
    "livemode": false,
    "object": "scheduled_query_run",
    "result_available_until": 1234567890,
    "sql": "SELECT count(*) from charges",
    "status": "completed",
    "title": "Count all charges"
  },
  "setup_attempt": {
    "application": null,
    "created": 1234567890,
    "customer": null,
    "flow_directions": null,
    "id": "setatt_123456789012345678901234",
    "livemode": false,
    "object": "setup_attempt",
    "on_behalf_of": null,
    "payment_method": "card_1PgaftB7WZ01zgkWm3waTcFp",
    "payment_method_details": {
      "card": {
        "brand": null,
        "checks": {
          "address_line1_check": null,
          "address_postal_code_check": null,
          "cvc_check": null
        },
        "country": null,
        "exp_month": null,
        "exp_year": null,
        "fingerprint": null,
        "funding": null,
        "last4": null,
        "network": null,
        "three_d_secure": {
          "authentication_flow": null,
          "electronic_commerce_indicator": null,
          "result": null,
          "result_reason": null,
          "transaction_id": null,
          "version": null
        },
        "wallet": {
          "type": "apple_pay"
        }
      },
      "type": "card"
    },
    "setup_error": {
      "type": "idempotency_error"
    },
    "setup_intent": "seti_1Pgag7B7WZ01zgkWSgwGdb8Z",
    "status": "succeeded",
    "usage": "off_session",
    "customer_account": null
  },
  "setup_intent": {
    "application": null,
    "automatic_payment_methods": {
      "enabled": null
    },
    "cancellation_reason": null,
    "client_secret": "seti_1Pgag7B7WZ01zgkWSgwGdb8Z_secret_QXg2AQLdBxJwtY51IkwvUaBVsnCqPSp",
    "created": 1234567890,
    "customer": null,
    "description": null,
    "flow_directions": null,
    "id": "seti_1Pgag7B7WZ01zgkWSgwGdb8Z",
    "last_setup_error": {
      "type": "idempotency_error"
    },
    "latest_attempt": null,
    "livemode": false,
    "mandate": null,
    "metadata": {},
    "next_action": {
      "type": "type"
    },
    "object": "setup_intent",
    "on_behalf_of": null,
    "payment_method": null,
    "payment_method_configuration_details": {
      "id": "obj_123",
      "parent": null
    },
    "payment_method_options": {},
    "payment_method_types": [
      "card"
    ],
    "single_use_mandate": null,
    "status": "requires_payment_method",
    "usage": "off_session",
    "excluded_payment_method_types": null
  },
  "shipping_rate": {
    "active": true,
    "created": 1234567890,
    "delivery_estimate": {
      "maximum": {
        "unit": "month",
        "value": 111972721
      },
      "minimum": {
        "unit": "month",
        "value": 111972721
      }
    },
    "display_name": "Ground shipping",
    "fixed_amount": {
      "amount": 500,
      "currency": "usd"
    },
    "id": "shr_1Pgc7AB7WZ01zgkWVPt4WhMx",
    "livemode": false,
    "metadata": {},
    "object": "shipping_rate",
    "tax_behavior": "unspecified",
    "tax_code": null,
    "type": "fixed_amount"
  },
  "source": {
    "ach_credit_transfer": {
      "account_number": "test_52796e3294dc",
      "bank_name": "TEST BANK",
      "fingerprint": "ecpwEzmBOSMOqQTL",
      "routing_number": "110000000",
      "swift_code": "TSTEZ122"
    },
    "amount": null,
    "client_secret": "src_client_secret_XDGV5PcFpAfh4klG76nYn6gH",
    "created": 1234567890,
    "currency": "usd",
    "flow": "receiver",
    "id": "src_1Pgc75B7WZ01zgkWn9ogkWOr",
    "livemode": false,
    "metadata": {},
    "object": "source",
    "owner": {
      "address": {
        "city": null,
        "country": null,
        "line1": null,
        "line2": null,
        "postal_code": null,
        "state": null
      },
      "email": "jenny.rosen@example.com",
      "name": null,
      "phone": null,
      "verified_address": {
        "city": null,
        "country": null,
        "line1": null,
        "line2": null,
        "postal_code": null,
        "state": null
      },
      "verified_email": null,
      "verified_name": null,
      "verified_phone": null
    },
    "receiver": {
      "address": "121042882-38381234567890123",
      "amount_charged": 0,
      "amount_received": 0,
      "amount_returned": 0,
      "refund_attributes_method": "email",
      "refund_attributes_status": "missing"
    },
    "statement_descriptor": null,
    "status": "pending",
    "type": "ach_credit_transfer",
    "usage": "reusable",
    "allow_redisplay": null
  },
  "source_mandate_notification": {
    "amount": 2000,
    "created": 1234567890,
    "id": "srcmn_1Pgc7AB7WZ01zgkWIEWL0NKr",
    "livemode": false,
    "object": "source_mandate_notification",
    "reason": "debit_initiated",
    "sepa_debit": {
      "creditor_identifier": "TEST42ZZZ0000424242",
      "last4": "3000",
      "mandate_reference": "FFU45BAKH9LWLMM0"
    },
    "source": {
      "ach_credit_transfer": {
        "account_number": "test_52796e3294dc",
        "bank_name": "TEST BANK",
        "fingerprint": "ecpwEzmBOSMOqQTL",
        "routing_number": "110000000",
        "swift_code": "TSTEZ122"
      },
      "amount": null,
      "client_secret": "src_client_secret_3BIouoWKhSribnapj676FM92",
      "created": 1721954072,
      "currency": "usd",
      "flow": "receiver",
      "id": "src_1Pgc7AB7WZ01zgkWsB6KK8DI",
      "livemode": false,
      "metadata": {},
      "object": "source",
      "owner": {
        "address": {
          "city": null,
          "country": null,
          "line1": null,
          "line2": null,
          "postal_code": null,
          "state": null
        },
        "email": "jenny.rosen@example.com",
        "name": null,
        "phone": null,
        "verified_address": {
          "city": null,
          "country": null,
          "line1": null,
          "line2": null,
          "postal_code": null,
          "state": null
        },
        "verified_email": null,
        "verified_name": null,
        "verified_phone": null
      },
      "receiver": {
        "address": "121042882-38381234567890123",
        "amount_charged": 0,
        "amount_received": 0,
        "amount_returned": 0,
        "refund_attributes_method": "email",
        "refund_attributes_status": "missing"
      },
      "statement_descriptor": null,
      "status": "pending",
      "type": "ach_credit_transfer",
      "usage": "reusable",
      "allow_redisplay": null
    },
    "status": "submitted",
    "type": "sepa_debit"
  },
  "source_transaction": {
    "ach_credit_transfer": {},
    "amount": 500,
    "created": 1234567890,
    "currency": "usd",
    "id": "srctxn_1Pgc7AB7WZ01zgkWGYBLSgYV",
    "livemode": false,
    "object": "source_transaction",
    "source": "src_1Pgc75B7WZ01zgkWn9ogkWOr",
    "status": "succeeded",
    "type": "ach_credit_transfer"
  },
  "subscription": {
    "application": null,
    "application_fee_percent": null,
    "automatic_tax": {
      "enabled": false,
      "liability": {
        "type": "account"
      },
      "disabled_reason": null
    },
    "billing_cycle_anchor": 1234567890,
    "billing_cycle_anchor_config": {
      "day_of_month": 1361669285,
      "hour": null,
      "minute": null,
      "month": null,
      "second": null
    },
    "cancel_at": 1234567890,
    "canceled_at": 1234567890,
    "cancellation_details": {
      "comment": null,
      "feedback": null,
      "reason": null
    },
    "collection_method": "charge_automatically",
    "created": 1234567890,
    "currency": "usd",
    "customer": "cus_QXg1o8vcGmoR32",
    "days_until_due": null,
    "default_payment_method": null,
    "default_source": null,
    "default_tax_rates": [],
    "description": null,
    "discounts": [],
    "ended_at": 1234567890,
    "id": "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw",
    "invoice_settings": {
      "account_tax_ids": null,
      "issuer": {
        "type": "self"
      },
      "custom_fields": null,
      "description": null,
      "footer": null
    },
    "items": {
      "data": [
        {
          "created": 1721954054,
          "discounts": [],
          "id": "si_QXhVnC2h0Jczwc",
          "metadata": {},
          "object": "subscription_item",
          "price": {
            "active": true,
            "billing_scheme": "per_unit",
            "created": 1721948530,
            "currency": "usd",
            "custom_unit_amount": {
              "maximum": null,
              "minimum": null,
              "preset": null
            },
            "id": "price_1PgafmB7WZ01zgkW6dKueIc5",
            "livemode": false,
            "lookup_key": null,
            "metadata": {},
            "nickname": null,
            "object": "price",
            "product": "prod_QXg1hqf4jFNsqG",
            "recurring": {
              "interval": "month",
              "interval_count": 1,
              "meter": null,
              "usage_type": "licensed",
              "trial_period_days": null
            },
            "tax_behavior": "unspecified",
            "tiers_mode": null,
            "transform_quantity": {
              "divide_by": 1592560163,
              "round": "down"
            },
            "type": "recurring",
            "unit_amount": 2000,
            "unit_amount_decimal": "2000"
          },
          "quantity": 1,
          "subscription": "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw",
          "tax_rates": [],
          "plan": {
            "active": true,
            "amount": null,
            "amount_decimal": null,
            "billing_scheme": "tiered",
            "created": 1028554472,
            "currency": "currency",
            "id": "obj_123",
            "interval": "month",
            "interval_count": 797691627,
            "livemode": true,
            "metadata": null,
            "meter": null,
            "nickname": null,
            "object": "plan",
            "product": null,
            "tiers_mode": null,
            "transform_usage": {
              "divide_by": 1592560163,
              "round": "down"
            },
            "trial_period_days": null,
            "usage_type": "licensed"
          },
          "current_period_end": 976287773,
          "current_period_start": 1896570518,
          "billing_thresholds": {
            "usage_gte": null
          }
        }
      ],
      "has_more": false,
      "object": "list",
      "url": "/v1/subscription_items?subscription=sub_1Pgc6rB7WZ01zgkWNy0Cn5nw"
    },
    "latest_invoice": null,
    "livemode": false,
    "metadata": {},
    "next_pending_invoice_item_invoice": 1234567890,
    "object": "subscription",
    "on_behalf_of": null,
    "pause_collection": {
      "behavior": "mark_uncollectible",
      "resumes_at": null
    },
    "payment_settings": {
      "payment_method_options": {
        "acss_debit": {},
        "bancontact": {
          "preferred_language": "fr"
        },
        "card": {
          "network": null,
          "request_three_d_secure": null
        },
        "customer_balance": {
          "funding_type": null
        },
        "konbini": {},
        "sepa_debit": {},
        "us_bank_account": {},
        "payto": {},
        "pix": {},
        "upi": {}
      },
      "payment_method_types": null,
      "save_default_payment_method": null
    },
    "pending_invoice_item_interval": {
      "interval": "month",
      "interval_count": 797691627
    },
    "pending_setup_intent": null,
    "pending_update": {
      "billing_cycle_anchor": null,
      "discount": {
        "checkout_session": null,
        "customer": null,
        "end": null,
        "id": "obj_123",
        "invoice": null,
        "invoice_item": null,
        "object": "discount",
        "promotion_code": null,
        "start": 109757538,
        "subscription": null,
        "subscription_item": null,
        "source": {
          "coupon": null,
          "type": "coupon"
        },
        "customer_account": null
      },
      "discounts": [],
      "expires_at": 833811170,
      "subscription_items": null,
      "trial_end": null,
      "trial_from_plan": null,
      "metadata": null
    },
    "schedule": null,
    "start_date": 1234567890,
    "status": "active",
    "test_clock": null,
    "transfer_data": {
      "amount_percent": null,
      "destination": {
        "id": "obj_123",
        "object": "account"
      }
    },
    "trial_end": 1234567890,
    "trial_settings": {
      "end_behavior": {
        "missing_payment_method": "create_invoice"
      }
    },
    "trial_start": 1234567890,
    "cancel_at_period_end": true,
    "billing_thresholds": {
      "amount_gte": null,
      "reset_billing_cycle_anchor": null
    },
    "billing_mode": {
      "type": "classic",
      "flexible": {}
    },
    "customer_account": null,
    "managed_payments": {
      "enabled": true
    },
    "billing_schedules": [
      {
        "applies_to": null,
        "bill_until": {
          "computed_timestamp": 2082605468,
          "duration": {
            "interval": "month",
            "interval_count": null
          },
          "timestamp": null,
          "type": "duration"
        },
        "key": "key"
      }
    ]
  },
  "subscription_item": {
    "created": 1721954060,
    "discounts": [],
    "id": "si_QXhVBoJ7NQdNXh",
    "metadata": {},
    "object": "subscription_item",
    "price": {
      "active": true,
      "billing_scheme": "per_unit",
      "created": 1721948530,
      "currency": "usd",
      "custom_unit_amount": {
        "maximum": null,
        "minimum": null,
        "preset": null
      },
      "id": "price_1PgafmB7WZ01zgkW6dKueIc5",
      "livemode": false,
      "lookup_key": null,
      "metadata": {},
      "nickname": null,
      "object": "price",
      "product": "prod_QXg1hqf4jFNsqG",
      "recurring": {
        "interval": "month",
        "interval_count": 1,
        "meter": null,
        "usage_type": "licensed",
        "trial_period_days": null
      },
      "tax_behavior": "unspecified",
      "tiers_mode": null,
      "transform_quantity": {
        "divide_by": 1592560163,
        "round": "down"
      },
      "type": "recurring",
      "unit_amount": 2000,
      "unit_amount_decimal": "2000"
    },
    "quantity": 1,
    "subscription": "sub_1Pgc6xB7WZ01zgkWJMvZp5ja",
    "tax_rates": [],
    "plan": {
      "active": true,
      "amount": null,
      "amount_decimal": null,
      "billing_scheme": "tiered",
      "created": 1028554472,
      "currency": "currency",
      "id": "obj_123",
      "interval": "month",
      "interval_count": 797691627,
      "livemode": true,
      "metadata": null,
      "meter": null,
      "nickname": null,
      "object": "plan",
      "product": null,
      "tiers_mode": null,
      "transform_usage": {
        "divide_by": 1592560163,
        "round": "down"
      },
      "trial_period_days": null,
      "usage_type": "licensed"
    },
    "current_period_end": 976287773,
    "current_period_start": 1896570518,
    "billing_thresholds": {
      "usage_gte": null
    }
  },
  "subscription_schedule": {
    "application": null,
    "canceled_at": 1234567890,
    "completed_at": 1234567890,
    "created": 1234567890,
    "current_phase": {
      "end_date": 1725067410,
      "start_date": 1573629589
    },
    "customer": "cus_QXg1o8vcGmoR32",
    "default_settings": {
      "application_fee_percent": null,
      "automatic_tax": {
        "enabled": false,
        "liability": {
          "type": "account"
        },
        "disabled_reason": null
      },
      "billing_cycle_anchor": "automatic",
      "collection_method": "charge_automatically",
      "default_payment_method": null,
      "description": null,
      "invoice_settings": {
        "account_tax_ids": null,
        "days_until_due": null,
        "issuer": {
          "type": "self"
        },
        "custom_fields": null,
        "description": null,
        "footer": null
      },
      "on_behalf_of": null,
      "transfer_data": {
        "amount_percent": null,
        "destination": {
          "id": "obj_123",
          "object": "account"
        }
      },
      "billing_thresholds": {
        "amount_gte": null,
        "reset_billing_cycle_anchor": null
      }
    },
    "end_behavior": "release",
    "id": "sub_sched_1Pgc7AB7WZ01zgkWaeHcsbnC",
    "livemode": false,
    "metadata": {},
    "object": "subscription_schedule",
    "phases": [
      {
        "add_invoice_items": [],
        "application_fee_percent": null,
        "billing_cycle_anchor": null,
        "collection_method": null,
        "currency": "usd",
        "default_payment_method": null,
        "default_tax_rates": [],
        "description": null,
        "discounts": [],
        "end_date": 1754008472,
        "invoice_settings": {
          "account_tax_ids": null,
          "days_until_due": null,
          "issuer": {
            "type": "account"
          },
          "custom_fields": null,
          "description": null,
          "footer": null
        },
        "items": [
          {
            "discounts": [],
            "metadata": {},
            "price": "price_1PgafmB7WZ01zgkW6dKueIc5",
            "quantity": 1,
            "tax_rates": [],
            "plan": {
              "active": true,
              "amount": null,
              "amount_decimal": null,
              "billing_scheme": "tiered",
              "created": 1028554472,
              "currency": "currency",
              "id": "obj_123",
              "interval": "month",
              "interval_count": 797691627,
              "livemode": true,
              "metadata": null,
              "meter": null,
              "nickname": null,
              "object": "plan",
              "product": null,
              "tiers_mode": null,
              "transform_usage": {
                "divide_by": 1592560163,
                "round": "down"
              },
              "trial_period_days": null,
              "usage_type": "licensed"
            },
            "billing_thresholds": {
              "usage_gte": null
            }
          }
        ],
        "metadata": {},
        "on_behalf_of": null,
        "proration_behavior": "create_prorations",
        "start_date": 1722558872,
        "transfer_data": {
          "amount_percent": null,
          "destination": {
            "id": "obj_123",
            "object": "account"
          }
        },
        "trial_end": null,
        "billing_thresholds": {
          "amount_gte": null,
          "reset_billing_cycle_anchor": null
        }
      }
    ],
    "released_at": 1234567890,
    "released_subscription": null,
    "status": "not_started",
    "subscription": null,
    "test_clock": null,
    "billing_mode": {
      "type": "classic",
      "flexible": {}
    },
    "customer_account": null
  },
  "tax_code": {
    "description": "A physical good that can be moved or touched. Also known as tangible personal property.",
    "id": "txcd_99999999",
    "name": "General - Tangible Goods",
    "object": "tax_code"
  },
  "tax_id": {
    "country": "DE",
    "created": 1234567890,
    "customer": "cus_QXg1o8vcGmoR32",
    "id": "txi_1Pgc6sB7WZ01zgkWXkvC78jZ",
    "livemode": false,
    "object": "tax_id",
    "owner": {
      "customer": "cus_QXg1o8vcGmoR32",
      "type": "customer",
      "customer_account": null
    },
    "type": "eu_vat",
    "value": "DE123456789",
    "verification": {
      "status": "pending",
      "verified_address": null,
      "verified_name": null
    },
    "customer_account": null
  },
  "tax_rate": {
    "active": true,
    "country": "DE",
    "created": 1234567890,
    "description": "VAT Germany",
    "display_name": "VAT",
    "effective_percentage": null,
    "id": "txr_1Pgc7BB7WZ01zgkW4Iwwvf6z",
    "inclusive": false,
    "jurisdiction": "DE",
    "jurisdiction_level": null,
    "livemode": false,
    "metadata": {},
    "object": "tax_rate",
    "percentage": 19,
    "state": null,
    "tax_type": "vat",
    "flat_amount": {
      "amount": 1413853096,
      "currency": "currency"
    },
    "rate_type": null
  },
  "token": {
    "card": {
      "address_city": null,
      "address_country": null,
      "address_line1": null,
      "address_line1_check": null,
      "address_line2": null,
      "address_state": null,
      "address_zip": null,
      "address_zip_check": null,
      "brand": "Visa",
      "country": "US",
      "cvc_check": "pass",
      "dynamic_last4": null,
      "exp_month": 8,
      "exp_year": 2030,
      "fingerprint": "AOB934RVNwzk6xtn",
      "funding": "credit",
      "id": "card_1Pgc7BB7WZ01zgkWeZoy4YdD",
      "last4": "4242",
      "metadata": {},
      "name": null,
      "networks": {
        "preferred": null
      },
      "object": "card",
      "tokenization_method": null,
      "regulated_status": null
    },
    "client_ip": null,
    "created": 1234567890,
    "id": "tok_1Pgc7BB7WZ01zgkWptnajzKJ",
    "livemode": false,
    "object": "token",
    "type": "card",
    "used": false
  },
  "topup": {
    "amount": 1000,
    "balance_transaction": null,
    "created": 1234567890,
    "currency": "usd",
    "description": "Top-up description",
    "expected_availability_date": 123456789,
    "failure_code": null,
    "failure_message": null,
    "id": "tu_1Pgc7BB7WZ01zgkWwH7rkBgR",
    "livemode": false,
    "metadata": {
      "order_id": "12345678"
    },
    "object": "topup",
    "source": {
      "ach_debit": {
        "bank_name": "STRIPE TEST BANK",
        "country": "US",
        "fingerprint": "5Wh4KBcfDrz5IOnx",
        "last4": "6789",
        "routing_number": "110000000",
        "type": "individual"
      },
      "amount": null,
      "client_secret": "src_client_secret_9HxmifVKxP2LNNRRod7Q23HM",
      "created": 1721954073,
      "currency": "usd",
      "flow": "code_verification",
      "id": "src_1Pgc7BB7WZ01zgkWXWC57xAu",
      "livemode": false,
      "metadata": {},
      "object": "source",
      "owner": {
        "address": {
          "city": null,
          "country": null,
          "line1": null,
          "line2": null,
          "postal_code": null,
          "state": null
        },
        "email": "jenny.rosen@example.com",
        "name": "Jenny Rosen",
        "phone": null,
        "verified_address": {
          "city": null,
          "country": null,
          "line1": null,
          "line2": null,
          "postal_code": null,
          "state": null
        },
        "verified_email": null,
        "verified_name": null,
        "verified_phone": null
      },
      "statement_descriptor": null,
      "status": "pending",
      "type": "ach_debit",
      "usage": "reusable",
      "allow_redisplay": null
    },
    "statement_descriptor": null,
    "status": "pending",
    "transfer_group": null,
    "initiated_by": null
  },
  "transfer": {
    "amount": 1100,
    "amount_reversed": 0,
    "balance_transaction": "txn_1PgaxNB7WZ01zgkWEV3TLf40",
    "created": 1234567890,
    "currency": "usd",
    "description": null,
    "destination": "acct_1PgafTB7WZ01zgkW",
    "destination_payment": "py_QXhWZR8SdWquhf",
    "id": "tr_1Pgc7BB7WZ01zgkWVJfE40RX",
    "livemode": false,
    "metadata": {},
    "object": "transfer",
    "reversals": {
      "data": [],
      "has_more": false,
      "object": "list",
      "url": "/v1/transfers/tr_1Pgc7BB7WZ01zgkWVJfE40RX/reversals"
    },
    "reversed": false,
    "source_transaction": null,
    "source_type": "card",
    "transfer_group": null
  },
  "transfer_reversal": {
    "amount": 1100,
    "balance_transaction": null,
    "created": 1234567890,
    "currency": "usd",
    "destination_payment_refund": null,
    "id": "trr_1Pgc7BB7WZ01zgkWsU61ufNC",
    "metadata": {},
    "object": "transfer_reversal",
    "source_refund": null,
    "transfer": "tr_1Pgc7BB7WZ01zgkWVJfE40RX"
  },
  "webhook_endpoint": {
    "api_version": null,
    "application": null,
    "created": 1234567890,
    "description": "This is my webhook, I like it a lot",
    "enabled_events": [
      "charge.failed",
      "charge.succeeded"
    ],
    "id": "we_1Pgc6yB7WZ01zgkWzAudq4eU",
    "livemode": false,
    "metadata": {},
    "object": "webhook_endpoint",
    "status": "enabled",
    "url": "https://example.com/my/webhook/endpoint"
  }
} as const;

export type ExampleObjectName = keyof typeof STRIPE_EXAMPLES;
